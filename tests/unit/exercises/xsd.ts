// Validation against the committed JUnit schema (tests/fixtures/junit/JUnit.xsd) with xmllint-wasm.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateXML } from 'xmllint-wasm';

const xsd = readFileSync(join(import.meta.dirname, '../../fixtures/junit/JUnit.xsd'), 'utf8');

export async function xsdErrors(xml: string): Promise<string[]> {
  const r = await validateXML({ xml: [{ fileName: 'report.xml', contents: xml }], schema: [{ fileName: 'JUnit.xsd', contents: xsd }] });
  return r.valid ? [] : r.errors.map((e) => e.rawMessage);
}
