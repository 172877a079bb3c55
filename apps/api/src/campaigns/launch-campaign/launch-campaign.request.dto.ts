import { CATEGORIES_MAX, NAME_MAX_LENGTH, TITLE_MAX_LENGTH } from '@banjie/domain';
import { DateField, IdField, NestedField, OccurredAtField, TextField, TextListField } from '../../http/dto-fields';
import { CampaignTargetsDto, CampaignSlaDto, CampaignThresholdsDto, CampaignWorkflowDto } from '../campaign-settings.dto';

export class LaunchCampaignRequestDto {
  @IdField({ optional: true, description: 'client-chosen campaign id; default a new uuid', example: 'serve-enterprises-2023' })
  id?: string;

  @TextField(TITLE_MAX_LENGTH, { example: '服务企业月' })
  title: string;

  @DateField({ example: '2023-05-01' })
  startsOn: string;

  @DateField({ example: '2023-06-30' })
  endsOn: string;

  @NestedField(() => CampaignTargetsDto, { optional: true, description: 'omitted settings take the documented defaults' })
  targets?: CampaignTargetsDto;

  @NestedField(() => CampaignSlaDto, { optional: true })
  sla?: CampaignSlaDto;

  @NestedField(() => CampaignThresholdsDto, { optional: true })
  thresholds?: CampaignThresholdsDto;

  @TextListField(CATEGORIES_MAX, NAME_MAX_LENGTH, {
    optional: true,
    description: 'the category catalogue issues choose from (default 行政审批, 工程款结算, 资质资格, 融资信贷, 用地规划, 政策咨询, 其他)',
    example: ['行政审批', '工程款结算', '资质资格', '其他'],
  })
  categories?: string[];
  @NestedField(() => CampaignWorkflowDto, { optional: true })
  workflow?: CampaignWorkflowDto;

  @OccurredAtField()
  occurredAt?: string;
}
