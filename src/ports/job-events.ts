import type { QualityGatesSummary } from '../quality/quality-gates.js';

/** The completion event other systems wait for ("RabbitMQ confirma que o arquivo foi processado"). */
export interface JobEvent {
  readonly type: 'job.completed' | 'job.failed';
  readonly job_id: string;
  readonly file_name: string;
  /** Paths of the outputs in the file store (`finalizado/clientes_higienizado.csv`, …). */
  readonly outputs: readonly string[];
  readonly counts?: { readonly input: number; readonly kept: number; readonly duplicates: number; readonly rejected: number };
  readonly error?: { readonly code: string; readonly message: string };
  /** The layout's quality gates as measured (when it sets any): warnings on a completed job, the broken errors on a QUALITY_GATE failure. */
  readonly quality_gates?: QualityGatesSummary;
  /** ISO timestamp. */
  readonly at: string;
}

export interface JobEvents {
  /** Resolves only once the broker confirmed the event (publisher confirms). */
  publish(event: JobEvent): Promise<void>;
  close(): Promise<void>;
}
