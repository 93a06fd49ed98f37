export const ROUNDS = 'voting-rounds';
export const BALLOTS = 'voting-ballots';
export const CLOSES = 'voting-closes';
