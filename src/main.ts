import { Command } from 'commander';
import { processCommand } from './cli/process-command.js';
import { AppError } from './errors.js';

/** Composition root of the command line. Exit codes: 0 done, 2 unusable input or config, 1 anything else. */
export async function main(argv: readonly string[]): Promise<void> {
  const program = new Command('higia')
    .description('Higia: cleans and enriches Brazilian customer and company files (CSV/XLSX)')
    .showHelpAfterError()
    .addCommand(processCommand());
  try {
    await program.parseAsync([...argv]);
  } catch (error) {
    if (error instanceof AppError) {
      process.stderr.write(`higia: ${error.message}\n`);
      process.exitCode = error.retryable ? 1 : 2;
      return;
    }
    throw error;
  }
}
