// Workloads: Deployment (kubernetes pkg/apis/apps/validation/validation.go v1.32:
// ValidateDeploymentSpec, ValidatePodTemplateSpecForReplicaSet), Job (pkg/apis/batch/validation:
// validateJobPodTemplateSpec) and Pod (core ValidatePodCreate, the subset of core.ts).
import type { PathSeg } from '../spans.ts';
import { arr, isObj, type Obj } from '../raw.ts';
import { validatePodSpec } from './core.ts';
import { Errs, go, goStringMap, selectorMatches, validateLabels, validateSelector } from './field.ts';

const nonNegative = (e: Errs, spec: Obj, f: string, base: PathSeg[] = ['spec']) => {
  if (typeof spec[f] === 'number' && (spec[f] as number) < 0) e.invalid([...base, f], spec[f], 'must be greater than or equal to 0', `${f} cannot be negative.`);
};

function goSelector(sel: Obj): string {
  const ml = isObj(sel.matchLabels) ? goStringMap(sel.matchLabels).go.replace(/^map\[string\]string\(nil\)$/, 'map[string]string(nil)') : 'map[string]string(nil)';
  const me = Array.isArray(sel.matchExpressions) ? (sel.matchExpressions.length ? '[]v1.LabelSelectorRequirement{…}' : '[]v1.LabelSelectorRequirement{}') : '[]v1.LabelSelectorRequirement(nil)';
  return `v1.LabelSelector{MatchLabels:${ml}, MatchExpressions:${me}}`;
}

/** The pod template's own checks (ValidatePodTemplateSpec): labels named `<template>.labels`. */
function template(e: Errs, tmpl: Obj, base: PathSeg[]): Obj {
  const meta = isObj(tmpl.metadata) ? tmpl.metadata : {};
  const before = e.out.length;
  validateLabels(e, meta.labels, [...base, 'metadata', 'labels']);
  for (const f of e.out.slice(before)) f.message = f.message.replace(/^[^:]*metadata\.labels:/, `${[...base].join('.')}.labels:`);
  const spec = isObj(tmpl.spec) ? tmpl.spec : {};
  validatePodSpec(e, spec, [...base, 'spec']);
  return spec;
}

export function validateDeployment(e: Errs, obj: Obj): void {
  const spec = isObj(obj.spec) ? obj.spec : {};
  nonNegative(e, spec, 'replicas');
  const sel = isObj(spec.selector) ? spec.selector : undefined;
  if (!sel) e.required(['spec', 'selector'], '', 'apps/v1 needs spec.selector.matchLabels equal to (a subset of) the template labels.');
  else {
    validateSelector(e, sel, ['spec', 'selector']);
    if (Object.keys(isObj(sel.matchLabels) ? sel.matchLabels : {}).length + arr(sel.matchExpressions).length === 0)
      e.invalid(['spec', 'selector'], go(goSelector(sel)), 'empty selector is invalid for deployment', 'Select the template labels: selector: {matchLabels: {app: …}}.');
  }
  const tmpl = isObj(spec.template) ? spec.template : undefined;
  if (!tmpl) { e.required(['spec', 'template'], ''); return; }
  const labels = isObj(tmpl.metadata) && isObj(tmpl.metadata.labels) ? tmpl.metadata.labels : {};
  // A nil selector is labels.Nothing() (matches nothing); an empty one Everything() (not checked).
  const empty = sel && Object.keys(isObj(sel.matchLabels) ? sel.matchLabels : {}).length + arr(sel.matchExpressions).length === 0;
  if (!empty && (!sel || !selectorMatches(sel, labels)))
    e.invalid(['spec', 'template', 'metadata', 'labels'], goStringMap(isObj(tmpl.metadata) ? tmpl.metadata.labels : undefined), '`selector` does not match template `labels`', 'Give the template every label of spec.selector.matchLabels, with the same values.');
  const ps = template(e, tmpl, ['spec', 'template']);
  if (typeof ps.restartPolicy === 'string' && ps.restartPolicy !== 'Always') e.notSupported(['spec', 'template', 'spec', 'restartPolicy'], ps.restartPolicy, ['Always'], 'A Deployment\'s pods restart Always: remove restartPolicy.');
  nonNegative(e, spec, 'minReadySeconds');
  nonNegative(e, spec, 'revisionHistoryLimit');
}

export function validateJob(e: Errs, obj: Obj): void {
  const spec = isObj(obj.spec) ? obj.spec : {};
  for (const f of ['parallelism', 'completions', 'activeDeadlineSeconds', 'backoffLimit']) nonNegative(e, spec, f);
  const tmpl = isObj(spec.template) ? spec.template : {};
  const ps = template(e, tmpl, ['spec', 'template']);
  const rp = typeof ps.restartPolicy === 'string' ? ps.restartPolicy : 'Always'; // SetDefaults_PodSpec
  const at: PathSeg[] = ['spec', 'template', 'spec', 'restartPolicy'];
  if (rp === 'Always') e.required(at, 'valid values: "OnFailure", "Never"', 'A Job\'s pod must end: add restartPolicy: Never (or OnFailure) under spec.template.spec.', 'spec.template.spec.restartPolicy');
  else if (rp !== 'OnFailure' && rp !== 'Never') e.notSupported(at, rp, ['OnFailure', 'Never'], 'Use Never or OnFailure.');
  else if (isObj(spec.podFailurePolicy) && rp !== 'Never') e.invalid(at, rp, 'only "Never" is supported when podFailurePolicy is specified', 'Use restartPolicy: Never with a podFailurePolicy.');
}

export function validatePod(e: Errs, obj: Obj): void {
  validatePodSpec(e, isObj(obj.spec) ? obj.spec : {}, ['spec']);
}
