import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { type CommandMeta, type CommandResult, ChangeCampaignCategoriesCommand } from '@banjie/application';
import { ApiCommand } from '../../http/api-docs';
import { IdPipe } from '../../http/id.pipe';
import { RequestMeta, at } from '../../http/request-meta';
import { ChangeCampaignCategoriesRequestDto } from './change-campaign-categories.request.dto';

@ApiTags('campaigns')
@Controller('campaigns')
export class ChangeCampaignCategoriesHttpController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post(':id/categories')
  @HttpCode(200)
  @ApiCommand('replace the category catalogue issues choose from (issues already collected keep theirs)', 200)
  changeCategories(
    @Param('id', IdPipe) id: string,
    @Body() body: ChangeCampaignCategoriesRequestDto,
    @RequestMeta() meta: CommandMeta,
  ): Promise<CommandResult> {
    return this.commandBus.execute(new ChangeCampaignCategoriesCommand({ campaignId: id, categories: body.categories }, at(meta, body)));
  }
}
