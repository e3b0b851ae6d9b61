// Types for accuracy-project.mjs, so the TypeScript regression test can use it.
export interface AccuracyCase {
  concern: string;
  flag: boolean;
  up: string;
  down?: string | null;
  why?: string;
  directives?: string[];
}

export interface AccuracyFile {
  testCase: AccuracyCase;
  service: string;
  path: string;
  relativePath: string;
  downLine: number;
  text: string;
}

export interface ToolReport {
  file: string;
  /** 0-based line. */
  line0: number;
  rule: string;
}

export function writeAccuracyProject(dir: string): Promise<AccuracyFile[]>;
export function caseHits<T extends ToolReport>(
  tool: 'squawk' | 'dbward',
  file: AccuracyFile,
  reports: T[],
): T[];
