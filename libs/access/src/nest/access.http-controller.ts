import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length, ValidateBy } from 'class-validator';
import { isValidInstant } from '@banjie/domain';
import { ProblemError } from '@banjie/platform';
import { USER_ROLES, type Principal } from '../policy/principal';
import { AccessInputError, AccessStore } from '../store/access-store';
import { CurrentUser } from './decorators';

export class CreateUserRequestDto {
  @ApiProperty() @IsString() @Length(1, 200) name: string;
  @ApiProperty({ enum: USER_ROLES }) @IsIn(USER_ROLES as unknown as string[]) role: string;
  @ApiPropertyOptional({ description: 'required for an officer' }) @IsOptional() @IsString() @Length(1, 100) unitId?: string;
}

export class CreateTokenRequestDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 200) label?: string;
  @ApiPropertyOptional({ description: 'ISO 8601 with an offset and a real date; absent → never expires (revoke it instead)' })
  @IsOptional()
  @ValidateBy({
    name: 'isInstant',
    validator: { validate: isValidInstant, defaultMessage: () => 'expiresAt must be an ISO 8601 date-time with an offset and a real date' },
  })
  expiresAt?: string;
}

/**
 * Who am I, and the administrator's users and tokens over HTTP (the CLI does the same:
 * `users create`, `tokens create|revoke`). A token is in exactly one response, the one that made it.
 */
@ApiTags('access')
@ApiBearerAuth()
@Controller()
export class AccessHttpController {
  constructor(private readonly store: AccessStore) {}

  /** The caller as the server sees them: user id, unit, role (the dashboard asks this first). */
  @Get('me')
  async me(@CurrentUser() user: Principal) {
    const row = await this.store.getUser(user.userId);
    return { userId: user.userId, unitId: user.unitId, role: user.role, name: row?.name ?? null };
  }

  @Get('users')
  async users() {
    const [users, tokens] = await Promise.all([this.store.listUsers(), this.store.listTokens()]);
    return users.map((u) => ({ ...u, tokens: tokens.filter((t) => t.userId === u.userId) }));
  }

  @Post('users')
  async createUser(@Body() body: CreateUserRequestDto) {
    return this.input(() => this.store.createUser({ name: body.name, role: body.role, unitId: body.unitId ?? null }));
  }

  /** Answers the token once; only its hash is kept. */
  @Post('users/:id/tokens')
  async createToken(@Param('id', new ParseUUIDPipe()) userId: string, @Body() body: CreateTokenRequestDto) {
    const { token, info } = await this.input(() =>
      this.store.createToken(userId, { label: body.label ?? null, expiresAt: body.expiresAt ? new Date(body.expiresAt) : null }),
    );
    return { ...info, token };
  }

  @Post('tokens/:id/revoke')
  @HttpCode(200)
  async revoke(@Param('id', new ParseUUIDPipe()) tokenId: string) {
    const info = await this.store.revokeToken(tokenId);
    if (!info) throw new ProblemError(404, 'TOKEN.NOT_FOUND', `token ${tokenId} does not exist`);
    return info;
  }

  private async input<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (error) {
      if (error instanceof AccessInputError) {
        const status = error.field === 'user' && /does not exist/.test(error.message) ? 404 : 422;
        throw new ProblemError(status, status === 404 ? 'USER.NOT_FOUND' : 'USER.INVALID', error.message, {
          errors: [{ field: error.field, message: error.message }],
        });
      }
      throw error;
    }
  }
}
