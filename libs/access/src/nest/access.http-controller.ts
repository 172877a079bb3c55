import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, Req } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import { ApiBearerAuth, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Max, MaxLength, Min, ValidateBy } from 'class-validator';
import { isValidInstant } from '@banjie/domain';
import { ProblemError } from '@banjie/platform';
import { USER_ROLES, type Principal } from '../policy/principal';
import { AccessStore } from '../store/access-store';
import { AccountsService } from './accounts.service';
import { requesterOf, type CredentialRequest } from './auth.http-controller';
import { CurrentUser } from './decorators';

export class CreateUserRequestDto {
  @ApiProperty() @IsString() @Length(1, 200) name: string;
  @ApiProperty({ enum: USER_ROLES }) @IsIn(USER_ROLES as unknown as string[]) role: string;
  @ApiPropertyOptional({ description: 'required for an officer' }) @IsOptional() @IsString() @Length(1, 100) unitId?: string;
  @ApiPropertyOptional({ description: 'the name the person signs in with (3–64 letters, digits, . _ - @); with `password`' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  account?: string;
  @ApiPropertyOptional({
    format: 'password',
    description: 'initial password (the policy applies); the person must change it at the first sign-in',
  })
  @IsOptional()
  @IsString()
  @MaxLength(1024)
  password?: string;
}

export class ResetPasswordRequestDto {
  @ApiProperty({ format: 'password', description: 'a new initial password; the person must change it at the next sign-in' })
  @IsString()
  @MaxLength(1024)
  password: string;
  @ApiPropertyOptional({ description: 'gives a user of API tokens only an account name as well' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  account?: string;
}

export class AssignUserRequestDto {
  @ApiProperty({ enum: USER_ROLES }) @IsIn(USER_ROLES as unknown as string[]) role: string;
  @ApiPropertyOptional({ description: 'required for an officer' }) @IsOptional() @IsString() @Length(1, 100) unitId?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 200) name?: string;
}

export class AccessLogQueryDto {
  @ApiPropertyOptional() @IsOptional() @IsUUID() userId?: string;
  @ApiPropertyOptional({ description: 'entries before this sequence number (paging back)' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  before?: number;
  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(500) limit?: number;
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
 * `users create`, `tokens create|revoke`). A token is in exactly one response, the one that made it;
 * a password never is in any. Every administrator action is written to the access log.
 */
@ApiTags('access')
@ApiBearerAuth()
@Controller()
export class AccessHttpController {
  constructor(
    private readonly store: AccessStore,
    private readonly accounts: AccountsService,
  ) {}

  /** The caller as the server sees them: user id, name, account, unit (and its name), role, and whether a password change is due. */
  @Get('me')
  async me(@CurrentUser() user: Principal, @Req() request: CredentialRequest) {
    const row = await this.store.getUser(user.userId);
    return {
      userId: user.userId,
      unitId: user.unitId,
      unitName: user.unitId ? await this.store.unitName(user.unitId) : null,
      role: user.role,
      name: row?.name ?? null,
      account: row?.account ?? null,
      credential: request.credential?.kind ?? null,
      mustChangePassword: request.credential?.kind === 'session' && row?.mustChangePassword === true,
    };
  }

  @Get('users')
  async users() {
    const [users, tokens, sessions] = await Promise.all([
      this.store.listUsers(),
      this.store.listTokens(),
      this.store.openSessions(new Date()),
    ]);
    return users.map((u) => ({ ...u, openSessions: sessions.get(u.userId) ?? 0, tokens: tokens.filter((t) => t.userId === u.userId) }));
  }

  @Post('users')
  async createUser(@Body() body: CreateUserRequestDto, @Req() request: CredentialRequest) {
    return this.accounts.createUser(
      { name: body.name, role: body.role, unitId: body.unitId ?? null, account: body.account ?? null, password: body.password ?? null },
      requesterOf(request),
    );
  }

  /** An administrator sets a new initial password: every session of the user ends, the lock-out is lifted, a change is due. */
  @Post('users/:id/password')
  @HttpCode(200)
  async resetPassword(
    @Param('id', new ParseUUIDPipe()) userId: string,
    @Body() body: ResetPasswordRequestDto,
    @Req() request: CredentialRequest,
  ) {
    return this.accounts.resetPassword(userId, body.password, body.account, requesterOf(request));
  }

  /** Role, unit and name. */
  @Post('users/:id/assign')
  @HttpCode(200)
  async assign(@Param('id', new ParseUUIDPipe()) userId: string, @Body() body: AssignUserRequestDto, @Req() request: CredentialRequest) {
    return this.accounts.assign(userId, { role: body.role, unitId: body.unitId ?? null, name: body.name }, requesterOf(request));
  }

  /** Every token and session of the user stops working at once. */
  @Post('users/:id/disable')
  @HttpCode(200)
  async disable(@Param('id', new ParseUUIDPipe()) userId: string, @Req() request: CredentialRequest) {
    return this.accounts.setDisabled(userId, true, requesterOf(request));
  }

  @Post('users/:id/enable')
  @HttpCode(200)
  async enable(@Param('id', new ParseUUIDPipe()) userId: string, @Req() request: CredentialRequest) {
    return this.accounts.setDisabled(userId, false, requesterOf(request));
  }

  /** Answers the token once; only its hash is kept. */
  @Post('users/:id/tokens')
  @RouteConfig({ secretAnswer: true })
  async createToken(
    @Param('id', new ParseUUIDPipe()) userId: string,
    @Body() body: CreateTokenRequestDto,
    @Req() request: CredentialRequest,
  ) {
    const { token, info } = await this.accounts.input(() =>
      this.store.createToken(userId, { label: body.label ?? null, expiresAt: body.expiresAt ? new Date(body.expiresAt) : null }),
    );
    await this.accounts.record('token_created', requesterOf(request), {
      target: userId,
      detail: { tokenId: info.tokenId, label: info.label },
    });
    return { ...info, token };
  }

  @Post('tokens/:id/revoke')
  @HttpCode(200)
  async revoke(@Param('id', new ParseUUIDPipe()) tokenId: string, @Req() request: CredentialRequest) {
    const info = await this.store.revokeToken(tokenId);
    if (!info) throw new ProblemError(404, 'TOKEN.NOT_FOUND', `token ${tokenId} does not exist`);
    await this.accounts.record('token_revoked', requesterOf(request), { target: info.userId, detail: { tokenId } });
    return info;
  }

  /** Sign-ins and account administration, newest first (no secret is ever in it). */
  @Get('access-log')
  async accessLog(@Query() query: AccessLogQueryDto) {
    const entries = await this.accounts.log.list({ userId: query.userId, before: query.before, limit: query.limit });
    return { entries, next: entries.length ? entries[entries.length - 1].seq : null };
  }
}
