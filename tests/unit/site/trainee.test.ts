// The trainee's name is checked every time it is read, not only when the form stores it: a
// name written by anything else (an old import, devtools, another site version) that is no
// DNS-1123 label is never put into a command.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_USER, USER_KEY, getTrainee, setTrainee } from '../../../site/lib/trainee.ts';
import { MemoryStore } from '../../../site/lib/progress.ts';

let local: MemoryStore;
beforeEach(() => {
  local = new MemoryStore();
  vi.stubGlobal('window', { localStorage: local, dispatchEvent: () => true });
});
afterEach(() => vi.unstubAllGlobals());

describe('getTrainee', () => {
  it('reads a valid stored name', () => {
    local.setItem(USER_KEY, ' alice ');
    expect(getTrainee()).toEqual({ user: 'alice', isSet: true });
  });

  it('never returns a stored name that is no DNS-1123 label, and says why', () => {
    for (const bad of ['alice;echo INJECTED >~/pwned;#', 'Alice', '-alice', 'alice-', 'a'.repeat(64), 'al ice', '$(id)', 'a\nb']) {
      local.setItem(USER_KEY, bad);
      const t = getTrainee();
      expect(t.user).toBe(DEFAULT_USER);
      expect(t.isSet).toBe(false);
      expect(t.invalid).toMatch(/^The stored user name .* is not a valid user name/);
    }
  });

  it('an unset name is the default, with no complaint', () => {
    expect(getTrainee()).toEqual({ user: DEFAULT_USER, isSet: false });
  });

  it('setTrainee still refuses an invalid name and stores a valid one', () => {
    expect(setTrainee('bob;rm -rf ~')).toMatch(/not a valid user name/);
    expect(local.getItem(USER_KEY)).toBeNull();
    expect(setTrainee('bob')).toBeUndefined();
    expect(getTrainee()).toEqual({ user: 'bob', isSet: true });
  });
});
