import { randomUUID } from 'node:crypto';
import { accessSync, constants } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locale } from '../../src/i18n/messages.js';
import type { RunSummary } from '../../src/pipeline/summary.js';
import { renderHtmlDashboard } from '../../src/reports/html/html-dashboard.js';
import { buildReportCharts } from '../../src/reports/model/report-charts.js';
import { buildReportModel, type ReportModel } from '../../src/reports/model/report-model.js';
import { HOSTILE_FIELD, clientesSummary, emptySummary, hostileSummary, hugeSummary, wideSummary } from '../support/report-summaries.js';

/** Debian's chromium (scripts/install-test-services.sh installs it), or CHROMIUM_PATH. */
function findChromium(): string {
  const candidates = process.env.CHROMIUM_PATH
    ? [process.env.CHROMIUM_PATH]
    : (process.env.PATH ?? '').split(delimiter).flatMap((dir) => ['chromium', 'chromium-browser'].map((name) => join(dir, name)));
  for (const path of candidates) {
    try {
      accessSync(path, constants.X_OK);
      return path;
    } catch {
      // not this one
    }
  }
  throw new Error("no chromium on PATH: run scripts/install-test-services.sh (Debian's chromium) or set CHROMIUM_PATH");
}

const PHONE_WIDTH = 375;
let browser: Browser;
let dir: string;
const screenshotDir = process.env.HIGIA_SCREENSHOT_DIR;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), `higia-dashboard-${randomUUID()}-`));
  browser = await chromium.launch({
    executablePath: findChromium(),
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
});
afterAll(async () => {
  await browser?.close();
  await rm(dir, { recursive: true, force: true });
});

interface OpenedDashboard {
  page: Page;
  model: ReportModel;
  url: string;
  requests: string[];
  problems: string[];
  loadMs: number;
}

async function openDashboard(name: string, summary: RunSummary, options: { lang?: Locale; width?: number } = {}): Promise<OpenedDashboard> {
  const model = buildReportModel(summary, options.lang ?? 'pt-BR');
  const path = join(dir, `${name}_dashboard.html`);
  await writeFile(path, renderHtmlDashboard(model, buildReportCharts(model)));
  const url = pathToFileURL(path).href;
  const page = await browser.newPage({ viewport: { width: options.width ?? 1280, height: 900 } });
  const requests: string[] = [];
  const problems: string[] = [];
  page.on('request', (request) => requests.push(request.url()));
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') problems.push(`console ${message.type()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('dialog', (dialog) => {
    problems.push(`dialog: ${dialog.message()}`);
    void dialog.dismiss();
  });
  const start = performance.now();
  await page.goto(url, { waitUntil: 'load' });
  return { page, model, url, requests, problems, loadMs: performance.now() - start };
}

async function screenshot(page: Page, name: string): Promise<void> {
  const target = screenshotDir ?? dir;
  await mkdir(target, { recursive: true });
  const png = await page.screenshot({ path: join(target, `${name}.png`), fullPage: true });
  expect(png.subarray(1, 4).toString()).toBe('PNG');
}

/**
 * Elements that stick out of the viewport without a scrolling box around them to hold them,
 * with every <details> opened first. In-page code is a string: the project compiles without
 * the DOM library, and one test file must not add it for everyone.
 */
const OVERFLOWING_ELEMENTS = `(() => {
  for (const details of document.querySelectorAll('details')) details.open = true;
  const width = document.documentElement.clientWidth;
  const isClipped = (element) => {
    for (let parent = element.parentElement; parent; parent = parent.parentElement) {
      if (['auto', 'scroll', 'hidden'].includes(getComputedStyle(parent).overflowX)) return true;
    }
    return false;
  };
  return [...document.body.querySelectorAll('*')]
    .filter((element) => {
      const box = element.getBoundingClientRect();
      return box.width > 0 && (box.right > width + 0.5 || box.left < -0.5) && !isClipped(element);
    })
    .map((element) => element.tagName.toLowerCase() + '#' + element.id + '.' + (element.getAttribute('class') ?? ''));
})()`;

const overflowingElements = (page: Page) => page.evaluate<string[]>(OVERFLOWING_ELEMENTS);
const pageScrollWidth = (page: Page) => page.evaluate<number>('document.documentElement.scrollWidth');

describe('HTML dashboard in headless Chromium', () => {
  it('shows the summary numbers and requests nothing but the file itself', async () => {
    const { page, model, url, requests, problems, loadMs } = await openDashboard('clientes', clientesSummary());
    const { format, rows } = model;
    const text = (selector: string) => page.locator(selector).innerText();
    expect(await text('#card-input .value')).toBe(format.integer(rows.input));
    expect(await text('#card-kept .value')).toBe(format.integer(rows.kept));
    expect(await text('#card-kept .share')).toBe(format.percent(rows.kept / rows.input));
    expect(await text('#card-duplicates .value')).toBe(format.integer(rows.duplicates));
    expect(await text('#card-rejected .value')).toBe(format.integer(rows.rejected));
    expect(await text('#card-quality .value')).toBe(format.percent(model.qualityScore!));
    expect(await text('#file-name')).toBe(model.fileName);
    expect(await text('#generated-at')).toBe(format.dateTime(model.finishedAt));
    const cpf = model.fields.find((f) => f.name === 'CPF')!;
    const cpfRow = page.locator('#field-table tbody tr', { has: page.locator('th', { hasText: /^CPF$/ }) });
    expect(await cpfRow.locator('td').nth(1).innerText()).toBe(`${format.integer(cpf.valid)}\n${format.percent(cpf.valid / cpf.total)}`);
    expect(await cpfRow.locator('td').nth(5).innerText()).toBe(format.percent(cpf.usable));
    expect(await page.locator('#enrichment-table tbody tr').count()).toBe(model.enrichment.length);
    await screenshot(page, 'clientes-desktop');
    expect(requests).toEqual([url]);
    expect(problems).toEqual([]);
    console.info(`dashboard load: clientes ${loadMs.toFixed(0)} ms`);
    await page.close();
  });

  it('sorts the field table numerically by a clicked column, then reverses it', async () => {
    const { page, model, problems } = await openDashboard('sort', hugeSummary());
    const column = (index: number) =>
      page.evaluate<string[]>(`[...document.querySelectorAll('#field-table tbody tr')].map((row) => row.cells[${index}].getAttribute('data-sort'))`);
    const names = () => page.locator('#field-table tbody th').allTextContents();
    expect(await names()).toEqual(model.fields.map((f) => f.name));

    const invalidHeader = page.locator('#field-table thead th').nth(4);
    await invalidHeader.locator('button').click();
    const byInvalid = [...model.fields].sort((a, b) => b.invalid - a.invalid); // stable, like the page
    expect(await names()).toEqual(byInvalid.map((f) => f.name));
    expect((await column(4)).map(Number)).toEqual(byInvalid.map((f) => f.invalid));
    expect(await invalidHeader.getAttribute('aria-sort')).toBe('descending');
    // Localized text would sort "916.685" before "4.166.750"; the raw numbers must not.
    expect(byInvalid.map((f) => f.invalid)).not.toEqual([...byInvalid.map((f) => format(f.invalid))].sort().map((t) => Number(t.replace(/\./g, ''))));

    await invalidHeader.locator('button').click();
    expect((await column(4)).map(Number)).toEqual([...model.fields].sort((a, b) => a.invalid - b.invalid).map((f) => f.invalid));
    expect(await invalidHeader.getAttribute('aria-sort')).toBe('ascending');

    await page.locator('#field-table thead th').nth(6).locator('button').click();
    expect((await column(6)).map(Number)).toEqual([...model.fields].map((f) => f.usable).sort((a, b) => b - a));
    expect(problems).toEqual([]);
    await page.close();

    function format(n: number): string {
      return model.format.integer(n);
    }
  });

  it('shows a bar’s numbers on hover (title) and on tap (tooltip)', async () => {
    const { page, problems } = await openDashboard('tooltip', clientesSummary());
    const bar = page.locator('#fields figure.chart path[ecmeta_ssr_type="chart"]').first();
    const title = await bar.locator('title').textContent();
    expect(title).toMatch(/^Nome · Válidos: 167 \(\d+(,\d)?%\)$/);
    await bar.click();
    const tip = page.locator('#chart-tip');
    await expect.poll(() => tip.isVisible()).toBe(true);
    expect(await tip.innerText()).toBe(title);
    await page.locator('#headline').click();
    await expect.poll(() => tip.isVisible()).toBe(false);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('renders hostile names as text: no script runs, no element is injected', async () => {
    const { page, problems } = await openDashboard('hostile', hostileSummary(), { width: PHONE_WIDTH });
    expect(await page.locator('#field-table tbody th').first().textContent()).toBe(HOSTILE_FIELD);
    expect(await page.locator('#file-name').innerText()).toBe('clientes 😀 ção <script>alert("x")</script>.csv');
    const injected = "[document.images.length, document.scripts.length, document.querySelectorAll('[onerror],[onload]').length]";
    expect(await page.evaluate<number[]>(injected)).toEqual([0, 1, 0]);
    expect(await overflowingElements(page)).toEqual([]);
    await screenshot(page, 'hostile-phone');
    expect(problems).toEqual([]);
    await page.close();
  });

  it.each([
    ['clientes', clientesSummary()],
    ['empty', emptySummary()],
    ['200 columns', wideSummary(200)],
    ['5M rows', hugeSummary()],
  ])('fits a 375 px phone screen: %s', async (name, summary) => {
    const { page, requests, url, problems, loadMs } = await openDashboard(name.replace(/\W+/g, '-'), summary, { width: PHONE_WIDTH });
    expect(await pageScrollWidth(page)).toBeLessThanOrEqual(PHONE_WIDTH);
    expect(await overflowingElements(page)).toEqual([]);
    expect(await pageScrollWidth(page)).toBeLessThanOrEqual(PHONE_WIDTH);
    await screenshot(page, `${name.replace(/\W+/g, '-')}-phone`);
    expect(requests).toEqual([url]);
    expect(problems).toEqual([]);
    console.info(`dashboard load: ${name} ${loadMs.toFixed(0)} ms`);
    await page.close();
  });
});
