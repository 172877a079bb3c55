/**
 * Field decorators for request DTOs: each one validates (class-validator) and documents
 * (OpenAPI) a field the same way everywhere, with the domain's own caps and value rules.
 */
import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
  registerDecorator,
  type ValidationArguments,
} from 'class-validator';
import { ID_MAX_LENGTH, isValidDate, isValidDateOrInstant, isValidInstant, normalizeCreditCode, validateCreditCode } from '@banjie/domain';

export interface FieldOptions {
  optional?: boolean;
  description?: string;
  example?: unknown;
}

function doc(type: Record<string, unknown>, o: FieldOptions) {
  const options = { ...type, description: o.description, example: o.example };
  return o.optional ? ApiPropertyOptional(options) : ApiProperty(options);
}

const optional = (o: FieldOptions) => (o.optional ? [IsOptional()] : []);

/** Ids a client may choose: letters, digits and . _ : - (1–100), starting with a letter or digit. */
export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]*$/;

export function IdField(o: FieldOptions = {}) {
  return applyDecorators(
    ...optional(o),
    IsString(),
    MaxLength(ID_MAX_LENGTH),
    Matches(ID_PATTERN, { message: '$property must be 1–100 letters, digits or . _ : - (starting with a letter or digit)' }),
    doc({ type: String, maxLength: ID_MAX_LENGTH, pattern: ID_PATTERN.source }, o),
  );
}

/** Free text: a string with something besides spaces, at most `max` characters. */
export function TextField(max: number, o: FieldOptions = {}) {
  return applyDecorators(
    ...optional(o),
    IsString(),
    MaxLength(max),
    Matches(/\S/, { message: '$property must not be blank' }),
    doc({ type: String, maxLength: max, minLength: 1 }, o),
  );
}

export function EnumField(values: readonly string[], o: FieldOptions = {}) {
  return applyDecorators(...optional(o), IsIn(values as string[]), doc({ enum: values, type: String }, o));
}

export function BooleanField(o: FieldOptions = {}) {
  return applyDecorators(...optional(o), IsBoolean(), doc({ type: Boolean }, o));
}

export function NumberField(min: number, max: number, o: FieldOptions & { integer?: boolean } = {}) {
  return applyDecorators(
    ...optional(o),
    o.integer ? IsInt() : IsNumber({ allowNaN: false, allowInfinity: false }),
    Min(min),
    Max(max),
    doc({ type: o.integer ? 'integer' : Number, minimum: min, maximum: max }, o),
  );
}

function custom(name: string, test: (value: unknown) => boolean, message: (args: ValidationArguments) => string, each = false) {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name,
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message, each },
      validator: { validate: test },
    });
}

/** A calendar date YYYY-MM-DD (a real date, 2000–2100). */
export function DateField(o: FieldOptions = {}) {
  return applyDecorators(
    ...optional(o),
    custom('isBusinessDate', isValidDate, (a) => `${a.property} must be a date YYYY-MM-DD between 2000-01-01 and 2100-12-31`),
    doc({ type: String, format: 'date', example: o.example ?? '2023-06-21' }, o),
  );
}

/** Business time of the command (strict ISO 8601 with an offset, a real date); default now; never in the future. */
export function OccurredAtField() {
  return applyDecorators(
    IsOptional(),
    custom(
      'isInstant',
      isValidInstant,
      (a) => `${a.property} must be an ISO 8601 date-time with an offset and a real date, e.g. 2023-06-21T10:00:00+08:00`,
    ),
    ApiPropertyOptional({
      type: String,
      format: 'date-time',
      description: 'when it happened (business time); default now; never in the future nor before the campaign starts',
      example: '2023-06-21T10:00:00+08:00',
    }),
  );
}

/** An instant: strict ISO 8601 with an offset, a real date and time (no rolling 02-30 into March). */
export function InstantField(o: FieldOptions = {}) {
  return applyDecorators(
    ...optional(o),
    custom(
      'isInstant',
      isValidInstant,
      (a) => `${a.property} must be an ISO 8601 date-time with an offset and a real date, e.g. 2023-07-10T18:00:00+08:00`,
    ),
    doc({ type: String, format: 'date-time', example: o.example ?? '2023-07-10T18:00:00+08:00' }, o),
  );
}

/** A business date YYYY-MM-DD or an instant (as InstantField). */
export function DateOrInstantField(o: FieldOptions = {}) {
  return applyDecorators(
    ...optional(o),
    custom(
      'isDateOrInstant',
      isValidDateOrInstant,
      (a) => `${a.property} must be a real date YYYY-MM-DD or an ISO 8601 date-time with an offset`,
    ),
    doc({ type: String, example: o.example ?? '2023-07-10' }, o),
  );
}

const creditCodeOk = (v: unknown) => typeof v === 'string' && v.length <= 40 && validateCreditCode(normalizeCreditCode(v)) === null;
const creditCodeMessage = (a: ValidationArguments) => {
  const v = a.value;
  const reason = typeof v === 'string' ? validateCreditCode(normalizeCreditCode(v.slice(0, 40))) : 'must be a string';
  return `${a.property} is not a valid unified social credit code (GB 32100-2015): ${reason}`;
};

/** An 18-character unified social credit code with a valid check character (lower case accepted). */
export function CreditCodeField(o: FieldOptions = {}) {
  return applyDecorators(
    ...optional(o),
    custom('isCreditCode', creditCodeOk, creditCodeMessage),
    doc({ type: String, minLength: 18, maxLength: 18, example: o.example ?? '91350100M000100Y43' }, o),
  );
}

export function CreditCodeListField(max: number, o: FieldOptions = {}) {
  return applyDecorators(
    ...optional(o),
    IsArray(),
    ArrayMinSize(1),
    ArrayMaxSize(max),
    custom('isCreditCode', creditCodeOk, creditCodeMessage, true),
    doc({ type: [String], minItems: 1, maxItems: max, example: o.example ?? ['91350100M000100Y43'] }, o),
  );
}

export function IdListField(max: number, o: FieldOptions = {}) {
  return applyDecorators(
    ...optional(o),
    IsArray(),
    ArrayMaxSize(max),
    IsString({ each: true }),
    MaxLength(ID_MAX_LENGTH, { each: true }),
    Matches(ID_PATTERN, { each: true, message: 'each of $property must be an id (letters, digits, . _ : -)' }),
    doc({ type: [String], maxItems: max }, o),
  );
}

/** A nested object validated by its own DTO class. */
export function NestedField(type: () => new () => object, o: FieldOptions = {}) {
  return applyDecorators(...optional(o), ValidateNested(), Type(type), doc({ type }, o));
}

/** A non-empty list of short texts (names); the domain trims them and refuses blanks and repeats. */
export function TextListField(maxItems: number, maxLength: number, o: FieldOptions = {}) {
  return applyDecorators(
    ...optional(o),
    IsArray(),
    ArrayMinSize(1),
    ArrayMaxSize(maxItems),
    IsString({ each: true }),
    MaxLength(maxLength, { each: true }),
    doc({ type: [String], minItems: 1, maxItems: maxItems, example: o.example }, o),
  );
}
