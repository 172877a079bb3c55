/** OpenAPI pieces every command route shares: the answer, the problem shape, the headers. */
import { applyDecorators } from '@nestjs/common';
import { ApiExtraModels, ApiHeader, ApiOperation, ApiProperty, ApiPropertyOptional, ApiResponse, getSchemaPath } from '@nestjs/swagger';

export class CommandResultDto {
  @ApiProperty({ description: 'the aggregate id (issue id, unit id, credit code …)' })
  id: string;
  @ApiProperty({ description: "the stream's version after the command; also the ETag", type: 'integer' })
  version: number;
}

class FieldErrorDto {
  @ApiProperty() field: string;
  @ApiProperty() message: string;
}

export class ProblemDto {
  @ApiProperty({ example: 'https://banjie.example/problems/issue-not-resolved' }) type: string;
  @ApiProperty({ example: 'Unprocessable Content' }) title: string;
  @ApiProperty({ example: 422 }) status: number;
  @ApiProperty() detail: string;
  @ApiProperty({ description: 'stable error code', example: 'ISSUE.NOT_RESOLVED' }) code: string;
  @ApiPropertyOptional({ type: [FieldErrorDto] }) errors?: FieldErrorDto[];
  @ApiPropertyOptional({ description: "the aggregate's state when a rule refused" }) state?: string;
  @ApiPropertyOptional({ description: 'on 409/412: the current stream version' }) currentVersion?: number;
  @ApiPropertyOptional() instance?: string;
  @ApiPropertyOptional() correlationId?: string;
}

const problem = (status: number, description: string) =>
  ApiResponse({ status, description, content: { 'application/problem+json': { schema: { $ref: getSchemaPath(ProblemDto) } } } });

/** Headers any request may carry (the actor headers stand in for access control). */
export function ApiActorHeaders() {
  return applyDecorators(
    ApiHeader({ name: 'X-Actor', required: false, description: 'acting user id (until access control; default: the system actor)' }),
    ApiHeader({ name: 'X-Unit', required: false, description: "the acting user's unit id" }),
    ApiHeader({
      name: 'X-Role',
      required: false,
      description: 'officer | supervisor | admin | system (default officer when X-Actor or X-Unit is given)',
    }),
    ApiHeader({ name: 'X-Correlation-Id', required: false, description: 'carried into every event written (default: a new uuid)' }),
  );
}

/** A command route: `{ id, version }` with an ETag, and the problems it can answer (JSON bodies only: edge/json-only.ts). */
export function ApiCommand(summary: string, status: 200 | 201, options: { ifMatch?: boolean } = {}) {
  return applyDecorators(
    ApiOperation({ summary }),
    ApiExtraModels(ProblemDto),
    ApiActorHeaders(),
    ApiHeader({
      name: 'Idempotency-Key',
      required: false,
      description: 'same key + same request → the first response, nothing written again',
    }),
    ...(options.ifMatch === false
      ? []
      : [ApiHeader({ name: 'If-Match', required: false, description: 'the stream version you saw, "<n>"; 412 when it is stale' })]),
    ApiResponse({
      status,
      type: CommandResultDto,
      description: 'done',
      headers: { ETag: { description: '"<version>"', schema: { type: 'string' } } },
    }),
    problem(400, 'malformed JSON, bad shape (field errors), bad header'),
    problem(403, 'the actor may not do this'),
    problem(404, 'unknown id'),
    problem(409, 'concurrent change (currentVersion) or the Idempotency-Key is still in use'),
    problem(412, 'If-Match is stale (currentVersion)'),
    problem(415, 'the body is not application/json'),
    problem(422, 'a rule refused the command (state + code), or Idempotency-Key reused with another request'),
  );
}

/** A query route's problems. */
export function ApiQuery(summary: string) {
  return applyDecorators(ApiOperation({ summary }), ApiExtraModels(ProblemDto), problem(400, 'bad query'), problem(404, 'unknown id'));
}
