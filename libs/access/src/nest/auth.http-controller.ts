import { Body, Controller, HttpCode, Post, Req, Res } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import { ApiBearerAuth, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';
import { ProblemError } from '@banjie/platform';
import type { Principal } from '../policy/principal';
import { AccountsService, type Requester } from './accounts.service';
import { CurrentUser } from './decorators';

export class SignInRequestDto {
  @ApiProperty({ description: 'account name (case-insensitive)', example: 'zhangsan' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  account: string;

  @ApiProperty({ format: 'password' })
  @IsString()
  @MinLength(1)
  @MaxLength(1024)
  password: string;
}

export class ChangePasswordRequestDto {
  @ApiProperty({ format: 'password' }) @IsString() @MinLength(1) @MaxLength(1024) currentPassword: string;
  @ApiProperty({
    format: 'password',
    description: '10–128 characters, two kinds of character, not the account name, not a common password',
  })
  @IsString()
  @MinLength(1)
  @MaxLength(1024)
  newPassword: string;
}

/** What the guard put on the request besides the user: which credential it was. */
export interface CredentialRequest {
  ip?: string;
  user?: Principal;
  credential?: { tokenId: string; kind: 'api' | 'session' };
}

export function requesterOf(request: CredentialRequest): Requester {
  const userId = request.user?.role === 'system' ? null : (request.user?.userId ?? null);
  return { userId: userId && /^[0-9a-f-]{36}$/i.test(userId) ? userId : null, address: request.ip ?? null };
}

/**
 * Signing in with an account name and a password (docs/access.md "Accounts and passwords"):
 * `POST /auth/login` answers a session token to send as `Authorization: Bearer`; `POST /auth/logout`
 * ends it; `POST /auth/password` changes one's own password. Bearer API tokens stay for programs.
 */
@ApiTags('access')
@Controller('auth')
export class AuthHttpController {
  constructor(private readonly accounts: AccountsService) {}

  /** Public; a wrong password counts against the client address (the edge's sign-in budget) and the account (lock-out). */
  @Post('login')
  @HttpCode(200)
  @RouteConfig({ signIn: true, secretAnswer: true })
  async login(
    @Body() body: SignInRequestDto,
    @Req() request: CredentialRequest,
    @Res({ passthrough: true }) reply: { header(k: string, v: string): unknown },
  ) {
    try {
      return await this.accounts.signIn(body.account, body.password, requesterOf(request));
    } catch (error) {
      const retryAfter = error instanceof ProblemError ? (error.extra as { retryAfter?: number }).retryAfter : undefined;
      if (retryAfter) reply.header('retry-after', String(retryAfter));
      throw error;
    }
  }

  @Post('logout')
  @HttpCode(200)
  @ApiBearerAuth()
  async logout(@Req() request: CredentialRequest) {
    await this.accounts.signOut(request.credential, requesterOf(request));
    return { signedOut: true };
  }

  @Post('password')
  @HttpCode(200)
  @ApiBearerAuth()
  async changePassword(@CurrentUser() user: Principal, @Body() body: ChangePasswordRequestDto, @Req() request: CredentialRequest) {
    const changed = await this.accounts.changeOwnPassword(
      user.userId,
      request.credential,
      body.currentPassword,
      body.newPassword,
      requesterOf(request),
    );
    return { changed: true, user: changed };
  }
}
