<?php
/**
 * How many requests a cart-by-cart cleanup run sends the store at once, chosen from what the store answers, not
 * a constant. The run starts at START and, after each batch of deletes, compares the store's throughput
 * (deletes a second) at each level it has tried: one more request at once is kept while it brings at least
 * GAIN more throughput, and given back when it does not. A store with cores to spare is used; a saturated one
 * (every extra request only waits, and its shoppers with it) is not pushed past the point where more stops
 * paying. Measured on the store double here (2 cores): 113.7 / 60.3 / 49.5 / 48.3 ms a delete at 1 / 2 / 3 / 4
 * at once, so a run settles at 3; a real 2-core store tops out at 2 (its CPU is saturated there).
 *
 * The state lives in the run (state.pace): {level, rates: {level: deletes a second}}.
 *
 * @package CartSessions
 */

declare(strict_types=1);

namespace CartSessions\Cleanup;

final class Pace {

	public const START = 2;
	/** One more request at once must bring this much more throughput to be kept. */
	public const GAIN = 1.1;
	/** Batches with fewer deletes than this say too little about the store's throughput. */
	public const MIN_SAMPLE = 8;

	/**
	 * The level to use now, within 1..$max.
	 *
	 * @param array<string,mixed> $pace The run's state.pace (empty at the start).
	 */
	public static function level( array $pace, int $max ): int {
		return max( 1, min( $max, (int) ( $pace['level'] ?? self::START ) ) );
	}

	/**
	 * The state after a batch of $deletes deletes took $ms milliseconds at $level: its throughput noted (an
	 * average with what was seen before at that level), and the level for the next batch.
	 *
	 * @param array<string,mixed> $pace
	 * @return array{level:int,rates:array<int,float>}
	 */
	public static function after( array $pace, int $level, int $deletes, int $ms, int $max ): array {
		$rates = array();
		foreach ( (array) ( $pace['rates'] ?? array() ) as $at => $rate ) {
			$rates[ (int) $at ] = (float) $rate;
		}
		if ( $deletes >= self::MIN_SAMPLE && $ms > 0 ) {
			$rate            = $deletes / ( $ms / 1000 );
			$rates[ $level ] = isset( $rates[ $level ] ) ? ( $rates[ $level ] + $rate ) / 2 : $rate;
		}
		$next = $level;
		if ( isset( $rates[ $level ] ) ) {
			$below = $rates[ $level - 1 ] ?? null;
			$above = $rates[ $level + 1 ] ?? null;
			if ( null !== $below && $rates[ $level ] < $below * self::GAIN ) {
				$next = $level - 1; // This level brought too little over the one below.
			} elseif ( $level < $max && ( null === $above || $above >= $rates[ $level ] * self::GAIN ) ) {
				$next = $level + 1; // Not tried yet, or it did pay.
			}
		}
		return array(
			'level' => max( 1, min( $max, $next ) ),
			'rates' => $rates,
		);
	}
}
