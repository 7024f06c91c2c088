// Stub of monaco-editor/esm/vs/platform/list/browser/listService.js (see ../monaco-slim.ts): the
// workbench list/tree service with its trees and tables. Safe: only the quick input and the
// references peek (neither bundled) use it; the suggest widget uses a plain List.
import { createDecorator } from 'monaco-editor/esm/vs/platform/instantiation/common/instantiation.js';

export const IListService = createDecorator('listService');
export class ListService {
  constructor() {
    throw new Error('kvlab: Monaco list service is not bundled');
  }
}
