// YAML as kubectl reads a manifest before it sends JSON: sigs.k8s.io/yaml on go-yaml v2, that is
// YAML 1.2's core types plus two YAML 1.1 rules — `<<` merge keys are applied, and the plain
// words y/yes/on and n/no/off (in their three spellings) are booleans. So `running: yes` is
// sent as true, and a label `app: no` as false (which the API server then refuses as not a
// string). Both parsers the validators use read a manifest this way.
import jsyaml from 'js-yaml';
import type { ScalarTag } from 'yaml';

// go-yaml v2's resolve table; this type replaces the core bool type, so true/false are here too
const TRUE_11 = /^(?:y|Y|yes|Yes|YES|on|On|ON|true|True|TRUE)$/;
const FALSE_11 = /^(?:n|N|no|No|NO|off|Off|OFF|false|False|FALSE)$/;

/** js-yaml (the fast path). */
export const KUBECTL_JS_YAML = jsyaml.CORE_SCHEMA.extend({
  implicit: [
    // js-yaml's own merge type (its loader applies keys with this tag), which its typings leave out
    new jsyaml.Type('tag:yaml.org,2002:merge', { kind: 'scalar', resolve: (d: unknown) => d === '<<' || d === null }),
    new jsyaml.Type('tag:yaml.org,2002:bool', {
      kind: 'scalar',
      resolve: (d: unknown) => typeof d === 'string' && (TRUE_11.test(d) || FALSE_11.test(d)),
      construct: (d: string) => TRUE_11.test(d),
    }),
  ],
});

/** `yaml` (the positioned path): pass as customTags beside merge: true. */
export const YAML_11_BOOL: ScalarTag = {
  identify: (v) => typeof v === 'boolean',
  default: true,
  tag: 'tag:yaml.org,2002:bool',
  test: /^(?:[yYnN]|[Yy]es|YES|[Nn]o|NO|[Oo]n|ON|[Oo]ff|OFF|[Tt]rue|TRUE|[Ff]alse|FALSE)$/,
  resolve: (s) => TRUE_11.test(s),
};
