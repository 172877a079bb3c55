import { Module } from '@nestjs/common';
import { AccessModule } from '@banjie/access';
import { CommandsModule } from '@banjie/application';
import { FeedbackLinkHttpController, IssueFeedbackLinkHttpController } from './feedback-link.http-controller';

/** The enterprise's own rating through a signed, single-use link (FeedbackLinkService lives in libs/access). */
@Module({
  imports: [AccessModule, CommandsModule],
  controllers: [FeedbackLinkHttpController, IssueFeedbackLinkHttpController],
})
export class FeedbackLinkModule {}
