// The learner's files in the browser's storage (through the page's fs, the
// same place kata/state.js keeps .kata-state.json), and their way in and out:
// download, to run npm run grade on them or hand them in, and upload.

import fs from 'node:fs';
import path from 'node:path';
import { kataDir } from '../../../properties/kata';
import { FILES, MAX_FILE_BYTES } from '../../../properties/layout.js';
import { katas } from 'web:sources';

/** The folder the page's files stand for: katas/, as in the repository. */
export const DIR = kataDir({});

/** The kata files, in teaching order. */
export const KATA_FILES = Object.keys(FILES);

/** A file's text: the learner's, or the stub the repository's katas/ holds. */
export function load(file: string): string {
  try {
    return fs.readFileSync(path.join(DIR, file), 'utf8');
  } catch {
    return katas[file];
  }
}

export function keep(file: string, text: string): void {
  fs.writeFileSync(path.join(DIR, file), text);
}

/** Saves a file to the learner's computer. */
export function download(file: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/plain' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = file;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** Files the learner picked: each kata file's text, and why any other was refused. */
export async function upload(picked: FileList): Promise<{ texts: Record<string, string>; refused: string[] }> {
  const texts: Record<string, string> = {};
  const refused: string[] = [];
  for (const f of Array.from(picked)) {
    if (!KATA_FILES.includes(f.name)) refused.push(`${f.name} is not a kata file (${KATA_FILES.join(', ')})`);
    else if (f.size > MAX_FILE_BYTES) refused.push(`${f.name} is larger than ${MAX_FILE_BYTES / 1024} KB`);
    else texts[f.name] = await f.text();
  }
  return { texts, refused };
}
