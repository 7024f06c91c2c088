// The smallest VirtualMachine a lab starts from (one containerDisk, no probes, no cloud-init): clean
// for every stage, and read by the quick block-YAML reader alone. The editor-bundle bench opens
// it as the first editor's file; the lazy-module test validates it without the positioned reader.
export const MINIMAL_VM = `apiVersion: kubevirt.io/v1
kind: VirtualMachine
metadata:
  name: lab08-probe
spec:
  runStrategy: Halted
  template:
    spec:
      domain:
        devices:
          disks:
            - name: containerdisk
              disk:
                bus: virtio
        resources:
          requests:
            memory: 2Gi
      volumes:
        - name: containerdisk
          containerDisk:
            image: quay.io/containerdisks/fedora:40
`;
