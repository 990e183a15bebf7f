<?php
/**
 * Shared set-up for the cleanup tests against the store double over real HTTP: the Sessions set-up (connection,
 * administrator, upstream request counter), plus a clean slate of runs, audit, lock and schedule, and the true
 * answers of a rule computed straight from the double's table. Not a test itself.
 */

declare(strict_types=1);

require_once dirname( __DIR__ ) . '/Sessions/SessionsTestCase.php';

use CartSessions\Cleanup\Lock;
use CartSessions\Cleanup\Schedule;
use CartSessions\Storage\Schema;
use CoCartDouble\Control;

abstract class CleanupTestCase extends SessionsTestCase {

	protected function setUp(): void {
		parent::setUp();
		$this->forget_cleanup();
	}

	protected function tearDown(): void {
		$this->forget_cleanup();
		parent::tearDown();
	}

	private function forget_cleanup(): void {
		global $wpdb;
		foreach ( Schema::tables() as $table ) {
			$wpdb->query( "TRUNCATE {$table}" ); // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared
		}
		delete_option( Lock::OPTION );
		delete_option( Schedule::OPTION );
		delete_option( Schedule::CRON_SEEN );
		Schedule::unschedule_all();
		wp_cache_flush();
	}

	/**
	 * The keys a rule must match, from the double's table: expired more than N days ago, source, email, item
	 * count, total — never the key owner's cart (the key's user ID).
	 *
	 * @param array<string,mixed> $rule
	 * @return string[] Sorted.
	 */
	protected function truth( array $rule, ?int $now = null ): array {
		$now  = $now ?? time();
		$rule = $rule + array(
			'expired_days'    => 30,
			'empty_only'      => false,
			'source'          => '',
			'max_total'       => null,
			'keep_with_email' => false,
		);
		$keys = array();
		foreach ( $this->table() as $key => $cart ) {
			if ( (string) $key === (string) ( $this->key['user_id'] ?? '' ) ) {
				continue;
			}
			if ( $cart['expiry'] >= $now - $rule['expired_days'] * DAY_IN_SECONDS ) {
				continue;
			}
			$group = in_array( $cart['source'], array( 'cocart', 'woocommerce' ), true ) ? $cart['source'] : 'other';
			if ( '' !== $rule['source'] && $group !== $rule['source'] ) {
				continue;
			}
			if ( $rule['keep_with_email'] && '' !== $cart['email'] ) {
				continue;
			}
			// phpcs:ignore Universal.Operators.StrictComparisons
			if ( $rule['empty_only'] && 0 != $cart['item_count'] ) {
				continue;
			}
			if ( null !== $rule['max_total'] && ! ( (float) $cart['total'] < (float) $rule['max_total'] ) ) {
				continue;
			}
			$keys[] = (string) $key;
		}
		sort( $keys, SORT_STRING );
		return $keys;
	}

	/**
	 * Starts a run and steps it to its end, as the Cleanup tab does; returns the last run object.
	 *
	 * @param array<string,mixed> $rule
	 * @return array<string,mixed>
	 */
	protected function run_to_end( array $rule, bool $export = false, int $max_steps = 200 ): array {
		$response = $this->call( 'POST', 'cleanup/run', array( 'rule' => $rule, 'export' => $export ) );
		$this->assertSame( 201, $response->get_status(), (string) wp_json_encode( $response->get_data() ) );
		$run = $response->get_data()['run'];
		for ( $i = 0; 'running' === $run['status'] && $i < $max_steps; $i++ ) {
			$run = $this->ok( 'POST', 'cleanup/runs/' . $run['id'] . '/step' )['run'];
		}
		$this->assertNotSame( 'running', $run['status'], 'the run ends' );
		return $run;
	}

	/**
	 * @return string[] Sorted keys left in the double's table.
	 */
	protected function keys_left(): array {
		$keys = array_map( 'strval', array_keys( $this->table() ) );
		sort( $keys, SORT_STRING );
		return $keys;
	}

	/**
	 * Exactly the $gone carts left the store: every other cart that was there is still there.
	 *
	 * @param string[] $before Keys before.
	 * @param string[] $gone
	 */
	protected function assertOnlyGone( array $before, array $gone ): void {
		$left = $this->keys_left();
		$this->assertSame( array(), array_values( array_intersect( $gone, $left ) ), 'every chosen cart went' );
		$this->assertSame(
			array(),
			array_values( array_diff( array_diff( $before, $gone ), $left ) ),
			'no other cart went'
		);
	}

	protected function seed( int $count, int $seed = 7 ): void {
		Control::seed( $count, $seed, null, true );
	}
}
