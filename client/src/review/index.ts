// Review mode (issue 11 item 5): go through a saved version's actions with the circle, add new ones,
// set the next review, and save the review report. See ReviewPanel.tsx.
export { ReviewHost } from './ReviewHost'
export { ReviewPanel, type ReviewPanelProps } from './ReviewPanel'
export { reviewUi, useReview, type ReviewRequest, type StartReviewOptions } from './reviewUi'
export { useCanReview } from './useCanReview'
