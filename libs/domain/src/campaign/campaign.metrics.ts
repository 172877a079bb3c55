/**
 * The campaign's rates (DESIGN §2), defined once: the report's rows, its roll-ups, the rankings
 * and the unit alerts all take them from the same counts with these functions. A rate is a
 * fraction of summed counts — never an average of rates — and null when its denominator is 0.
 */

/** The counts the rates are taken from (a unit's, a group's or the campaign's). */
export interface RateCounts {
  issuesCollected: number;
  issuesResolved: number;
  rated: number;
  satisfied: number;
  basicallySatisfied: number;
  onTimeResolved: number;
  resolvedWithDue: number;
}

export function rate(numerator: number, denominator: number): number | null {
  return denominator === 0 ? null : numerator / denominator;
}

/** 办结率: resolved ÷ collected (withdrawn issues are in neither). */
export function completionRate(c: Pick<RateCounts, 'issuesResolved' | 'issuesCollected'>): number | null {
  return rate(c.issuesResolved, c.issuesCollected);
}

/** 满意率: (satisfied + basically satisfied) ÷ rated, over the rating of each issue's current resolution. */
export function satisfactionRate(c: Pick<RateCounts, 'satisfied' | 'basicallySatisfied' | 'rated'>): number | null {
  return rate(c.satisfied + c.basicallySatisfied, c.rated);
}

/** 按期办结率: resolved on or before the due date in force ÷ resolved with a due date. */
export function onTimeRate(c: Pick<RateCounts, 'onTimeResolved' | 'resolvedWithDue'>): number | null {
  return rate(c.onTimeResolved, c.resolvedWithDue);
}
