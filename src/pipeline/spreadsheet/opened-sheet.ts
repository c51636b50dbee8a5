/**
 * What every spreadsheet reader gives the job: one sheet's rows as text, whatever the file
 * format. Readers convert cells with cell-text.ts so that a workbook and its CSV twin feed the
 * rules the same strings.
 */
export interface SheetRow {
  /** 1-based row number in the sheet, for error reports. Rows with no cells may be skipped. */
  readonly rowNumber: number;
  /** One string per column, from column A up to the last cell present; missing cells are ''. */
  readonly cells: string[];
}

export type SpreadsheetFormat = 'xlsx' | 'xlsm' | 'xlsb' | 'xls' | 'ods';

export interface SpreadsheetLimits {
  /** Inflated bytes of any one zip part (sheet, shared strings, styles): a zip bomb stops here. */
  readonly maxPartBytes: number;
  /** Inflated bytes of the shared strings part, which must be held in memory. */
  readonly maxSharedStringBytes: number;
  /**
   * The memory the shared strings table may take once read (estimated per entry, see
   * shared-strings.ts). The XML byte limit alone does not bound it: 512 MB of `<si><t>ab</t></si>`
   * are 28M entries, and a 2.7 MB file of those took 1.6 GB; a worker must not die of a file.
   */
  readonly maxSharedStringMemoryBytes: number;
  /** Rows in a sheet: Excel's own limit, so only a crafted file (a zip bomb of rows) goes past it. */
  readonly maxRows: number;
  /** Columns in a row (Excel's own limit is 16,384). */
  readonly maxColumns: number;
  /** Characters in one cell (Excel's own limit is 32,767). */
  readonly maxCellChars: number;
  /** Formats read whole into memory (.xls, .ods, .xlsb): file size above which they are refused. */
  readonly maxWholeFileBytes: number;
}

export const DEFAULT_SPREADSHEET_LIMITS: SpreadsheetLimits = {
  maxPartBytes: 8 * 1024 ** 3,
  maxSharedStringBytes: 512 * 1024 ** 2,
  maxSharedStringMemoryBytes: 1024 ** 3,
  maxRows: 1_048_576,
  maxColumns: 16_384,
  maxCellChars: 32_767,
  // SheetJS holds a parsed workbook at ~30× its file size (a 14 MB .xls peaked at 450 MB): 32 MB stays near 1 GB.
  maxWholeFileBytes: 32 * 1024 ** 2,
};

export interface OpenSheetOptions {
  /** Sheet name; default: the first visible worksheet in tab order (chart sheets never count). */
  readonly sheet?: string;
  readonly limits: SpreadsheetLimits;
  readonly signal?: AbortSignal;
}

export interface OpenedSheet {
  readonly format: SpreadsheetFormat;
  /** The sheet being read. */
  readonly sheetName: string;
  /** Every sheet of the workbook, in tab order (for messages and the summary). */
  readonly sheetNames: readonly string[];
  /** The sheet's rows, one pass only. */
  readonly rows: AsyncIterable<SheetRow>;
  /** Progress, in bytes of the file (0 … file size). */
  bytesRead(): number;
  /** Releases the file; safe at any time and more than once. */
  close(): void;
}
