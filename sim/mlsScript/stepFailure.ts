/** The current action failed for a reason the script report should show (one line). */
export class StepFailure extends Error {
  override readonly name = 'StepFailure';
}
