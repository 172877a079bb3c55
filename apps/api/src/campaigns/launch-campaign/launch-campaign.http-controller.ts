import { randomUUID } from 'node:crypto';
import { Body, Controller, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { type CommandMeta, type CommandResult, LaunchCampaignCommand } from '@banjie/application';
import { ApiCommand } from '../../http/api-docs';
import { RequestMeta, at } from '../../http/request-meta';
import { LaunchCampaignRequestDto } from './launch-campaign.request.dto';

@ApiTags('campaigns')
@Controller('campaigns')
export class LaunchCampaignHttpController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post()
  @ApiCommand('launch a campaign (服务企业月) with targets, SLA and thresholds', 201, { ifMatch: false })
  launchCampaign(@Body() body: LaunchCampaignRequestDto, @RequestMeta() meta: CommandMeta): Promise<CommandResult> {
    const id = body.id ?? randomUUID();
    return this.commandBus.execute(
      new LaunchCampaignCommand(
        {
          campaignId: id,
          title: body.title,
          startsOn: body.startsOn,
          endsOn: body.endsOn,
          targets: body.targets,
          sla: body.sla,
          thresholds: body.thresholds,
          categories: body.categories,
          workflow: body.workflow,
        },
        at(meta, body),
      ),
    );
  }
}
