import type { DedupeIndex } from '../dedupe/dedupe-index.js';
import { combinedDecisions, exactDecisions, type DuplicateDecisions } from './duplicate-decisions.js';
import { ExactPairs } from './exact-pairs.js';
import type { FuzzyMatcher, FuzzyResult } from './fuzzy-matcher.js';

/** Highest line a DuplicateLookup can be asked for: every pair. */
const EVERY_LINE = 0xffffffff;

/**
 * Between the passes: the exact keys' decisions, then, when fuzzy matching is on, the fuzzy
 * links made over them. Without it the exact pairs stream from the index as before.
 */
export async function decideDuplicates(dedupe: DedupeIndex, matcher: FuzzyMatcher | undefined): Promise<{ decisions: DuplicateDecisions; fuzzy?: FuzzyResult }> {
  const lookup = await dedupe.finish();
  if (!matcher) return { decisions: exactDecisions(lookup) };
  const exact = new ExactPairs(lookup.pairsUpTo(EVERY_LINE));
  await lookup.close();
  const fuzzy = await matcher.finish(exact);
  return { decisions: combinedDecisions(exact, fuzzy.links), fuzzy };
}
