import { Controller, Get, NotFoundException, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DashboardAssets, type Asset } from './dashboard-assets';

/**
 * Serves the supervision dashboard (apps/dashboard: plain HTML + ES modules, no build step) at `/`
 * and its files under `/assets/`. The page talks to the JSON API with the user's bearer token;
 * this controller serves only static files and never needs one.
 */
@ApiExcludeController()
@Controller()
export class DashboardHttpController {
  private readonly assets = new DashboardAssets();

  @Get()
  index(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    return this.send('index.html', request, reply);
  }

  /** The handling units' workbench (apps/dashboard/workbench.html, docs/workbench.md). */
  @Get('workbench')
  workbench(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    return this.send('workbench.html', request, reply);
  }

  /** The administrator's page: units, users and passwords, campaigns, calendar (apps/dashboard/admin.html, docs/access.md). */
  @Get('admin')
  admin(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    return this.send('admin.html', request, reply);
  }

  /** The supervision office's desk: inbox, notices, search, print views (apps/dashboard/desk.html, docs/desk.md). */
  @Get('desk')
  desk(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    return this.send('desk.html', request, reply);
  }

  @Get('assets/*')
  asset(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const path = (request.params as Record<string, string>)['*'] ?? '';
    return this.send(path, request, reply);
  }

  private send(path: string, request: FastifyRequest, reply: FastifyReply) {
    const asset: Asset | null = this.assets.get(path);
    if (!asset) throw new NotFoundException({ code: 'DASHBOARD.ASSET_NOT_FOUND', message: `no dashboard file ${path}` });
    // Revalidate every time (cheap: ETag → 304); the files change only with a new release.
    reply.header('cache-control', 'no-cache').header('etag', asset.etag).header('vary', 'accept-encoding').type(asset.type);
    if (request.headers['if-none-match'] === asset.etag) return reply.code(304).send();
    const gzip = asset.gzip && /\bgzip\b/.test(String(request.headers['accept-encoding'] ?? ''));
    if (gzip) reply.header('content-encoding', 'gzip');
    return reply.send(gzip ? asset.gzip : asset.body);
  }
}
