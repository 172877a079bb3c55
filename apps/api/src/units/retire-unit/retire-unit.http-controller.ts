import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { type CommandMeta, type CommandResult, RetireUnitCommand } from '@banjie/application';
import { ApiCommand } from '../../http/api-docs';
import { IdPipe } from '../../http/id.pipe';
import { RequestMeta, at } from '../../http/request-meta';
import { RetireUnitRequestDto } from './retire-unit.request.dto';

@ApiTags('units')
@Controller('units')
export class RetireUnitHttpController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post(':id/retire')
  @HttpCode(200)
  @ApiCommand('retire a unit: it keeps its history but takes no new work', 200)
  retireUnit(
    @Param('id', IdPipe) id: string,
    @Body() body: RetireUnitRequestDto,
    @RequestMeta() meta: CommandMeta,
  ): Promise<CommandResult> {
    return this.commandBus.execute(new RetireUnitCommand({ unitId: id, reason: body.reason ?? null }, at(meta, body)));
  }
}
