import { timingSafeEqual } from 'node:crypto';
import { Controller, Get, Headers, Inject, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { ProblemError } from '../http/problem';
import { MetricsService } from '../metrics/metrics.service';

interface TextReply {
  header(name: string, value: string): unknown;
  send(body: string): unknown;
}

/**
 * GET /metrics in Prometheus' text format. Public unless METRICS_TOKEN is set; then the scraper
 * sends `Authorization: Bearer <METRICS_TOKEN>` (Prometheus: `authorization: { credentials: … }`).
 */
@ApiExcludeController()
@Controller('metrics')
export class MetricsHttpController {
  constructor(
    private readonly metrics: MetricsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  async scrape(@Headers('authorization') authorization: string | undefined, @Res() reply: TextReply) {
    if (this.config.metricsToken && !bearerMatches(authorization, this.config.metricsToken)) {
      throw new ProblemError(401, 'METRICS.UNAUTHORIZED', 'GET /metrics needs Authorization: Bearer <METRICS_TOKEN>');
    }
    const { contentType, body } = await this.metrics.scrape();
    reply.header('content-type', contentType);
    reply.header('cache-control', 'no-store');
    reply.send(body);
  }
}

function bearerMatches(header: string | undefined, token: string): boolean {
  const match = /^Bearer\s+(.+)$/i.exec(header ?? '');
  if (!match) return false;
  const given = Buffer.from(match[1].trim());
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
