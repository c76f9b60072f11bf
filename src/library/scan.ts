import type { Library } from './library.ts';
import { MetadataPass } from './scan-metadata.ts';
import type { MetadataProgress, MetadataReport } from './scan-metadata.ts';
import { StructurePass } from './scan-structure.ts';
import type { StructureProgress, StructureReport } from './scan-structure.ts';

export interface ScanReport {
  structure: StructureReport;
  metadata: MetadataReport;
}

export type ScanProgress = ({ phase: 'structure' } & StructureProgress) | ({ phase: 'metadata' } & MetadataProgress);

export interface ScanOptions {
  onProgress?: (p: ScanProgress) => void;
  /** Skip the metadata pass (the benchmark times the passes apart). */
  structureOnly?: boolean;
}

export interface ScanRun {
  /** Settles when the index holds every folder and file (new files: size, mtime and taken date still to be read). */
  structured: Promise<StructureReport>;
  /** Settles when the metadata pass is done too. */
  finished: Promise<ScanReport>;
}

/**
 * Reconciles the index with the photo root (docs/protocol.md §4: the disk is the truth). One scan at a time:
 * a scan asked for while one runs starts after it, so it sees everything the first one missed.
 */
export class Scanner {
  readonly #library: Library;
  readonly #structure: StructurePass;
  readonly #metadata: MetadataPass;
  #chain: Promise<unknown> = Promise.resolve();
  #stopping = false;

  constructor(library: Library) {
    this.#library = library;
    this.#structure = new StructurePass(library);
    this.#metadata = new MetadataPass(library);
  }

  /** Both passes, after any scan already queued. */
  scan(options: ScanOptions = {}): Promise<ScanReport> {
    return this.run(options).finished;
  }

  run(options: ScanOptions = {}): ScanRun {
    const onProgress = options.onProgress ?? (() => {});
    const stopped = () => this.#stopping;
    const structured = this.#chain.then(() => this.#structure.run((p) => onProgress({ phase: 'structure', ...p }), stopped));
    const finished = structured.then(async (structure) => {
      const metadata = options.structureOnly ? { read: 0, onThread: 0, ms: 0 } : await this.#metadata.run((p) => onProgress({ phase: 'metadata', ...p }), stopped);
      return { structure, metadata };
    });
    // The chain never rejects, so one failed scan does not stop the next; callers see the error.
    this.#chain = finished.catch((err: unknown) => {
      this.#library.config.log({ event: 'scan-failed', error: err instanceof Error ? err.message : String(err) });
    });
    return { structured, finished };
  }

  /** Settles when every scan asked for so far has ended (never rejects). */
  get done(): Promise<void> {
    return this.#chain.then(() => undefined);
  }

  /** Ends the running scan at its next batch (for shutdown); what is committed stays. */
  async stop(): Promise<void> {
    this.#stopping = true;
    await this.#chain;
  }
}
