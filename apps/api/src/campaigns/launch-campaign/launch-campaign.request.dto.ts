import { TITLE_MAX_LENGTH } from '@banjie/domain';
import { DateField, IdField, NestedField, OccurredAtField, TextField } from '../../http/dto-fields';
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

  @NestedField(() => CampaignWorkflowDto, { optional: true })
  workflow?: CampaignWorkflowDto;

  @OccurredAtField()
  occurredAt?: string;
}
