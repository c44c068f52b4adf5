/**
 * One command of `compliance-ledger`: its name, what it takes and what it does. The options are
 * `node:util` parseArgs options (all strings), so the command line needs no framework of its own.
 */
export interface CliCommand {
  run(positionals: string[], options: Record<string, string | undefined>): Promise<void>;
}

export interface CliCommandSpec {
  readonly name: string;
  readonly usage: string;
  readonly description: string;
  /** Positionals the command needs, and how many it may take. */
  readonly arguments: { readonly required: number; readonly most: number };
  readonly options: Readonly<Record<string, { readonly type: 'string'; readonly description: string }>>;
}
