// The facts every face reads: a Finding is what one validator stage says about one place in
// one document. CLI text/JSON, Monaco markers, Check lists and kubectl messages all show it.

/** Stages in the order the cluster runs them. */
export type Stage = 'yaml' | 'schema' | 'validation' | 'admission' | 'start' | 'cloud-init' | 'references';
/** `info` is a note (e.g. a kind checked against its schema only): it never makes a document invalid. */
export type Severity = 'error' | 'warning' | 'info';

export interface Finding {
  stage: Stage;
  severity: Severity;
  /** 1-based line and column of the start; end is exclusive-ish, as editors draw it. */
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  /** Field path in the cluster's own form: spec.template.spec.domain.devices.disks[0].name */
  path: string;
  message: string;
  /** What to write instead. */
  hint?: string;
}

export interface DocumentResult {
  /** 0-based index of the document in its stream. */
  index: number;
  apiVersion?: string;
  kind?: string;
  name?: string;
  /** No finding of severity error (and, with strict, no warning). */
  valid: boolean;
  findings: Finding[];
}

export interface FileResult {
  file: string;
  documents: DocumentResult[];
}
