/**
 * Value rules for free text, identifiers and enumerations. The caps are exported so the HTTP
 * DTOs can repeat them in class-validator decorators and the OpenAPI document.
 */
import { DomainError } from './domain-error';

export const TITLE_MAX_LENGTH = 200;
/** Descriptions, resolutions, notes, reasons, responses, summaries, comments. */
export const TEXT_MAX_LENGTH = 4000;
/** Names of units, enterprises, regions, categories, calendar days. */
export const NAME_MAX_LENGTH = 100;
export const ID_MAX_LENGTH = 100;

function invalid(code: string, field: string, reason: string): DomainError {
  return new DomainError(code, `${field} ${reason}`, 'invalid', undefined, { [field]: reason });
}

/** Trimmed, non-empty, at most `max` characters. */
export function requireText(value: unknown, field: string, max: number): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw invalid('COMMON.TEXT_REQUIRED', field, 'is required');
  }
  const text = value.trim();
  if ([...text].length > max) throw invalid('COMMON.TEXT_TOO_LONG', field, `must be at most ${max} characters`);
  return text;
}

/** Like requireText, but absent or blank gives null. */
export function optionalText(value: unknown, field: string, max: number): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string' && value.trim() === '') return null;
  return requireText(value, field, max);
}

export function requireId(value: unknown, field: string): string {
  return requireText(value, field, ID_MAX_LENGTH);
}

export function requireOneOf<T extends string>(value: unknown, allowed: readonly T[], field: string): T {
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  throw invalid('COMMON.VALUE_INVALID', field, `must be one of ${allowed.join(', ')}`);
}

export function requireBoolean(value: unknown, field: string): boolean {
  if (typeof value === 'boolean') return value;
  throw invalid('COMMON.VALUE_INVALID', field, 'must be true or false');
}
