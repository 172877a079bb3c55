/**
 * A campaign's category catalogue (问题类别目录): the list an issue's `category` is chosen from.
 * Set at launch (`categories`, default below), changed by an administrator
 * (`CampaignCategoriesChanged`). A campaign launched before catalogues existed carries none and
 * reads as the default. See docs/categories.md.
 */
import { DomainError } from '../shared/domain-error';
import { NAME_MAX_LENGTH } from '../shared/text';

/** What a campaign gets when its launch names no catalogue (issue #19). */
export const DEFAULT_ISSUE_CATEGORIES: readonly string[] = [
  '行政审批',
  '工程款结算',
  '资质资格',
  '融资信贷',
  '用地规划',
  '政策咨询',
  '其他',
];

/** The catch-all entry of the default catalogue. */
export const OTHER_CATEGORY = '其他';

/** A catalogue is a short list people choose from, not a taxonomy. */
export const CATEGORIES_MAX = 50;

/**
 * Words recorded as free text before catalogues existed — the demo's 工程款 / 审批 / 资质 …, the
 * workbench's old suggestions — and the catalogue entry each means. The report counts an issue
 * recorded with one of these under that entry when the entry is in the campaign's catalogue.
 */
export const LEGACY_CATEGORY_ALIASES: Readonly<Record<string, string>> = {
  审批: '行政审批',
  工程款: '工程款结算',
  资质: '资质资格',
  融资: '融资信贷',
  用地: '用地规划',
  政策: '政策咨询',
  招投标: '招标投标',
};

/** The catalogue in force: the campaign's own, or the default for a campaign launched without one. */
export function catalogueOf(categories: readonly string[] | null | undefined): string[] {
  return categories && categories.length > 0 ? [...categories] : [...DEFAULT_ISSUE_CATEGORIES];
}

function invalidCatalogue(message: string, reason: string): DomainError {
  return new DomainError('CAMPAIGN.CATEGORIES_INVALID', message, 'invalid', undefined, { categories: reason });
}

/**
 * A catalogue as given: 1..50 names, each trimmed, non-empty, at most 100 characters, no repeats.
 * The detail is English like every domain error (docs/api.md "Errors"); the field's reason is in
 * Chinese, as the page shows it beside the list.
 */
export function checkCatalogue(value: unknown): string[] {
  if (!Array.isArray(value) || value.length === 0) throw invalidCatalogue('the category catalogue is empty', '至少一个类别');
  if (value.length > CATEGORIES_MAX)
    throw invalidCatalogue(`the category catalogue has more than ${CATEGORIES_MAX} entries`, `最多 ${CATEGORIES_MAX} 个类别`);
  const out: string[] = [];
  for (const item of value) {
    const name = typeof item === 'string' ? item.trim() : '';
    if (name === '') throw invalidCatalogue('a category of the catalogue is blank', '类别名称不能为空');
    if ([...name].length > NAME_MAX_LENGTH)
      throw invalidCatalogue(
        `category "${name}" is longer than ${NAME_MAX_LENGTH} characters`,
        `“${name.slice(0, 20)}…”超过 ${NAME_MAX_LENGTH} 字`,
      );
    if (out.includes(name)) throw invalidCatalogue(`category "${name}" is in the catalogue twice`, `“${name}”重复`);
    out.push(name);
  }
  return out;
}

/**
 * Collecting an issue: its category must be one of the campaign's catalogue (exactly, once
 * trimmed). The field's reason names the catalogue in Chinese: the workbench shows it beside the
 * field; the detail is English (the Chinese one comes from the error catalogue for zh clients).
 */
export function requireCategoryInCatalogue(category: string, catalogue: readonly string[]): string {
  if (catalogue.includes(category)) return category;
  throw new DomainError(
    'ISSUE.CATEGORY_NOT_IN_CATALOGUE',
    `category "${category}" is not in the campaign's catalogue (${catalogue.join(', ')})`,
    'invalid',
    'none',
    { category: `须为本活动类别目录中的一项：${catalogue.join('、')}` },
  );
}

/**
 * Where an issue counts in a by-category breakdown: its recorded category when the catalogue has
 * it; else the catalogue entry a legacy word means (工程款 → 工程款结算); else the recorded words
 * as they are, outside the catalogue (a free-text category from before, or one since removed).
 */
export function catalogueEntryOf(recorded: string, catalogue: readonly string[]): { category: string; inCatalogue: boolean } {
  if (catalogue.includes(recorded)) return { category: recorded, inCatalogue: true };
  const alias = LEGACY_CATEGORY_ALIASES[recorded];
  if (alias !== undefined && catalogue.includes(alias)) return { category: alias, inCatalogue: true };
  return { category: recorded, inCatalogue: false };
}
