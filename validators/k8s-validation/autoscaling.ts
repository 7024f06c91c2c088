// autoscaling/v1 and v2 HorizontalPodAutoscaler (kubernetes pkg/apis/autoscaling/validation/
// validation.go v1.32: validateHorizontalPodAutoscalerSpec, ValidateCrossVersionObjectReference).
// minReplicas' lower bound is 1 while the HPAScaleToZero gate (alpha) is off.
import { isObj, type Obj } from '../raw.ts';
import { Errs } from './field.ts';

export function validateHPA(e: Errs, obj: Obj): void {
  const spec = isObj(obj.spec) ? obj.spec : {};
  const min = typeof spec.minReplicas === 'number' ? spec.minReplicas : undefined;
  const max = typeof spec.maxReplicas === 'number' ? spec.maxReplicas : 0;
  if (min !== undefined && min < 1) e.invalid(['spec', 'minReplicas'], min, 'must be greater than or equal to 1', 'Scale to at least one replica (scale to zero is an alpha feature, off).');
  if (max < 1) e.invalid(['spec', 'maxReplicas'], max, 'must be greater than 0', 'Set maxReplicas to 1 or more.');
  if (min !== undefined && max < min) e.invalid(['spec', 'maxReplicas'], max, 'must be greater than or equal to `minReplicas`', `Raise maxReplicas to at least ${min}, or lower minReplicas.`);
  const ref = isObj(spec.scaleTargetRef) ? spec.scaleTargetRef : {};
  if (!ref.kind) e.required(['spec', 'scaleTargetRef', 'kind'], '', 'Name the kind to scale, e.g. kind: Deployment (or VirtualMachinePool).');
  if (!ref.name) e.required(['spec', 'scaleTargetRef', 'name'], '', 'Name the object to scale.');
}
