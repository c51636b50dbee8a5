import { describe, expect, it } from 'vitest';
import type { JobProgress } from '../pipeline/run-job.js';
import type { RunSummary } from '../pipeline/summary.js';
import type { RowSink } from '../ports/row-sink.js';
import type { SummarySheet } from '../outputs/xlsx/xlsx-workbook-writer.js';
import { JOB_PHASES, PhaseClock } from './job-phases.js';

/** A clock the test moves by hand: each phase takes a known number of milliseconds. */
const manualClock = () => {
  let now = 0;
  return { now: () => now, advance: (ms: number) => void (now += ms) };
};

const reading: JobProgress = { phase: 'reading', rows: 1, totalRows: undefined, bytesRead: 1, bytesTotal: 1 };
const writing: JobProgress = { ...reading, phase: 'writing' };
const summary = {} as RunSummary;

describe('PhaseClock', () => {
  it('adds up the time of each phase, in phase order, to 0.1 ms', async () => {
    const time = manualClock();
    const clock = new PhaseClock(time.now);
    await clock.time('upload', async () => time.advance(12.34));
    await clock.time('lock', async () => time.advance(1));
    await clock.time('lock', async () => time.advance(0.5));
    await expect(clock.time('event', async () => (time.advance(3), Promise.reject(new Error('broker down'))))).rejects.toThrow('broker down');
    expect(clock.totals).toEqual({ lock: 1.5, upload: 12.3, event: 3 });
    expect(Object.keys(clock.totals)).toEqual(JOB_PHASES.filter((p) => ['lock', 'upload', 'event'].includes(p)));
  });

  it("splits runJob at its last 'reading' progress, its first sink's finish and its last report", async () => {
    const time = manualClock();
    const clock = new PhaseClock(time.now);
    const sink = (finishMs: number, dashboard?: (s: RunSummary) => SummarySheet): RowSink => ({
      writeKept: () => undefined,
      writeDuplicate: () => undefined,
      writeRejected: () => undefined,
      abort: async () => {},
      finish: async (s) => {
        time.advance(finishMs);
        dashboard?.(s);
        return ['file'];
      },
    });
    const progressSeen: JobProgress[] = [];
    const result = await clock.timeRunJob(
      {
        sinks: (dashboardOf) => ({ csv: () => sink(5), xlsx: () => sink(7, (s) => dashboardOf(s, 'pt-BR')) }),
        dashboardOf: () => (time.advance(40), { name: 'Resumo', blocks: [], images: [] }),
        reports: { pdf: async () => (time.advance(30), 'r.pdf'), html: async () => (time.advance(2), 'r.html') },
      },
      (p) => progressSeen.push(p),
      async (deps, onProgress) => {
        time.advance(10); // open, sniff, parse, rules
        onProgress(reading);
        time.advance(10);
        onProgress(reading);
        time.advance(20); // pass 2
        onProgress(writing);
        for (const make of [deps.sinks.csv!, deps.sinks.xlsx!]) await (await make({} as never)).finish(summary);
        await deps.reports!.pdf!(summary, { folder: '', baseName: '', lang: 'pt-BR' });
        await deps.reports!.html!(summary, { folder: '', baseName: '', lang: 'pt-BR' });
        time.advance(4); // the JSON summary and the renames
        return 'summary';
      },
    );
    expect(result).toBe('summary');
    expect(progressSeen).toEqual([reading, reading, writing]); // passed on untouched
    expect(clock.totals).toEqual({ parse_rules: 20, enrich_write: 20, writers: 12, xlsx_dashboard: 40, pdf: 30, html: 2, summary_json: 4 });
  });

  it('passes a sink\'s other members through, bound to the sink', async () => {
    class CountingSink {
      readonly textFormat = { kind: 'csv', delimiter: ';', bom: true, lineEnding: 'crlf', decimalComma: true } as const;
      kept = 0;
      writeKept() {
        this.kept++;
        return undefined;
      }
      writeDuplicate = () => undefined;
      writeRejected = () => undefined;
      abort = async () => {};
      finish = async () => [];
    }
    const inner = new CountingSink();
    const clock = new PhaseClock();
    await clock.timeRunJob({ sinks: () => ({ csv: () => inner }), dashboardOf: () => ({ name: '', blocks: [], images: [] }), reports: {} }, undefined, async (deps) => {
      const wrapped = (await deps.sinks.csv!({} as never)) as unknown as CountingSink;
      wrapped.writeKept();
      expect(wrapped.textFormat).toBe(inner.textFormat);
    });
    expect(inner.kept).toBe(1);
  });
});
