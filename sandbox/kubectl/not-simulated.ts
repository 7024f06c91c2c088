// "What is not simulated says so": the one line the sandbox prints for a command, flag, kind or
// namespace it does not simulate, pointing to connected mode. Never a silent fake success.
import type { Sandbox } from '../sandbox.ts';

/** Kinds that are data only: storing them is all a cluster does until something reads them. */
const DATA_KINDS = new Set([
  'Secret', 'ConfigMap', 'ServiceAccount', 'Role', 'RoleBinding', 'ClusterRole', 'ClusterRoleBinding', 'Namespace',
  'VirtualMachineInstancetype', 'VirtualMachineClusterInstancetype', 'VirtualMachinePreference', 'VirtualMachineClusterPreference',
  'VirtualMachineInstancePreset', 'MigrationPolicy', 'StorageClass', 'VolumeSnapshotClass', 'NetworkPolicy', 'PriorityClass',
]);

export const CONNECTED = 'use connected mode (a real cluster) for it';

export function notSimulated(what: string): string {
  return `kvlab sandbox: ${what} is not simulated; ${CONNECTED}`;
}

/** The note apply prints for an object no simulated controller acts on ('' when one does). */
export function storedOnlyNote(sandbox: Sandbox, kind: string): string {
  if (DATA_KINDS.has(kind) || sandbox.cluster.api.controls(kind)) return '';
  return `kvlab sandbox: ${kind} objects are stored but their controller is not simulated (no status, no children); ${CONNECTED}`;
}
