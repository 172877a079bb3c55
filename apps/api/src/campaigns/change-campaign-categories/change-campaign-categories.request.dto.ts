import { CATEGORIES_MAX, NAME_MAX_LENGTH } from '@banjie/domain';
import { OccurredAtField, TextListField } from '../../http/dto-fields';

export class ChangeCampaignCategoriesRequestDto {
  @TextListField(CATEGORIES_MAX, NAME_MAX_LENGTH, {
    description: 'the whole new catalogue, in the order people choose from it',
    example: ['行政审批', '工程款结算', '资质资格', '融资信贷', '用地规划', '政策咨询', '其他'],
  })
  categories: string[];

  @OccurredAtField()
  occurredAt?: string;
}
