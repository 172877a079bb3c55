import { randomUUID } from 'node:crypto';
import { Body, Controller, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { type CommandMeta, type CommandResult, HoldActivityCommand } from '@banjie/application';
import { ApiCommand } from '../../http/api-docs';
import { RequestMeta, at } from '../../http/request-meta';
import { HoldActivityRequestDto } from './hold-activity.request.dto';

@ApiTags('activities')
@Controller('activities')
export class HoldActivityHttpController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post()
  @ApiCommand('record an assistance activity (帮扶活动) and the enterprises it reached', 201, { ifMatch: false })
  holdActivity(@Body() body: HoldActivityRequestDto, @RequestMeta() meta: CommandMeta): Promise<CommandResult> {
    const id = body.id ?? randomUUID();
    return this.commandBus.execute(
      new HoldActivityCommand(
        {
          activityId: id,
          campaignId: body.campaignId,
          unitId: body.unitId,
          form: body.form,
          heldOn: body.heldOn,
          enterpriseCodes: body.enterpriseCodes,
          summary: body.summary,
        },
        at(meta, body),
      ),
    );
  }
}
