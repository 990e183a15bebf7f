<?php
/**
 * How many deletes a cart-by-cart run sends at once (Cleanup\Pace): chosen from the store's throughput. The pure
 * rule against three stores' answers, then a real run against the store double that has room for more.
 */

declare(strict_types=1);

require_once __DIR__ . '/CleanupTestCase.php';

use CartSessions\Cleanup\Pace;
use CoCartDouble\Control;

final class PaceTest extends CleanupTestCase {

	/**
	 * Drives Pace through $batches batches of 25 deletes against a store whose throughput at each level is
	 * $rates (deletes a second); returns the levels used, batch by batch.
	 *
	 * @param array<int,float> $rates
	 * @return int[]
	 */
	private static function levels( array $rates, int $max, int $batches = 12 ): array {
		$pace = array();
		$used = array();
		for ( $i = 0; $i < $batches; $i++ ) {
			$level  = Pace::level( $pace, $max );
			$used[] = $level;
			$pace   = Pace::after( $pace, $level, 25, (int) round( 25 / $rates[ $level ] * 1000 ), $max );
		}
		return $used;
	}

	public function test_a_store_that_gains_little_from_a_fourth_request_settles_at_three(): void {
		// The double here: 113.7 / 60.3 / 49.5 / 48.3 ms a delete at 1 / 2 / 3 / 4 at once.
		$used = self::levels( array( 1 => 8.8, 2 => 16.6, 3 => 20.2, 4 => 20.7 ), 4 );
		$this->assertSame( array( 2, 3, 4, 3 ), array_slice( $used, 0, 4 ) );
		$this->assertSame( array( 3 ), array_values( array_unique( array_slice( $used, 4 ) ) ), implode( ',', $used ) );
	}

	public function test_a_saturated_store_stays_at_two(): void {
		// A real 2-core store: ~27 requests a second from 2 at once on; more only waits.
		$used = self::levels( array( 1 => 14.0, 2 => 27.0, 3 => 27.5, 4 => 27.2 ), 4 );
		$this->assertSame( array( 2 ), array_values( array_unique( array_slice( $used, 2 ) ) ), implode( ',', $used ) );
	}

	public function test_a_store_with_cores_to_spare_is_used_up_to_the_filters_limit(): void {
		$used = self::levels( array( 1 => 10, 2 => 20, 3 => 30, 4 => 40, 5 => 50, 6 => 60 ), 6 );
		$this->assertSame( array( 2, 3, 4, 5, 6, 6 ), array_slice( $used, 0, 6 ) );
		$this->assertSame( 4, self::levels( array( 1 => 10, 2 => 20, 3 => 30, 4 => 40 ), 4 )[11] );
	}

	public function test_small_batches_say_nothing_and_change_nothing(): void {
		$pace = Pace::after( array(), 2, Pace::MIN_SAMPLE - 1, 100, 4 );
		$this->assertSame( 2, Pace::level( $pace, 4 ) );
		$this->assertSame( array(), $pace['rates'] );
	}

	public function test_a_run_against_a_store_with_room_sends_more_deletes_at_once_than_two(): void {
		$this->connect();
		$this->seed( 120 );
		// Each delete waits 150 ms on the store without using its CPU: more at once is more done.
		Control::set_faults( array( 'latency_ms' => 150, 'routes' => array( 'delete' ) ) );
		$rule  = array( 'expired_days' => 1 );
		$truth = $this->truth( $rule );
		$this->assertGreaterThanOrEqual( 75, count( $truth ) );

		$run = $this->run_to_end( $rule );

		$this->assertSame( 'done', $run['status'] );
		$this->assertSame( count( $truth ), $run['deleted'] );
		$this->assertGreaterThan( 2, $run['timings']['concurrency'], 'the last batch sent more than 2 at once' );
	}
}
