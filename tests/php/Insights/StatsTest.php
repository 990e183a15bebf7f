<?php
/**
 * GET cart-sessions/v1/stats against the store double over real HTTP: every number equals what the double's table
 * says; a cold scan advances slice by slice (each cart fetched once) and a warm one asks the store for no detail;
 * a store too big for its list gives the system_status counts and names what needs the list.
 */

declare(strict_types=1);

require_once __DIR__ . '/InsightsTestCase.php';

use CartSessions\Insights\Cron;
use CartSessions\Insights\Stats;
use CoCartDouble\Control;

final class StatsTest extends InsightsTestCase {

	public function test_every_overview_number_equals_the_truth_from_the_doubles_table(): void {
		$this->connect();
		Control::seed( 260, 7 );
		$this->nudge_off_boundaries();
		$stats = $this->stats_when_done();
		$truth = $this->truth( (string) $this->key['user_id'] );

		$this->assertGreaterThan( 200, $truth['carts'] );
		$this->assertGreaterThan( 0, $truth['expiring'], 'the seed has carts expiring within 6 h' );
		$this->assertGreaterThan( 0, $truth['empty'] );
		$this->assertGreaterThan( 0, (float) $truth['value_expiring_24h'] );
		$this->assertGreaterThan(
			0,
			$truth['carts_expiring_24h'],
			'the Overview says how many carts are behind that value'
		);
		$this->assertCount( 10, $truth['top_products'] );
		$this->assertGreaterThan( 0, $truth['worth_chasing']['carts'], 'the seed has carts worth chasing' );
		// The key owner's own cart, when the list holds it, is left out, and the answer says so.
		$owners = array_filter(
			$this->all_rows( array() ),
			static function ( array $r ): bool { return $r['is_key_owner']; }
		);
		$this->assertSame( count( $owners ), $stats['key_owner_carts'] );
		$this->assertEquals( $truth, $this->numbers( $stats ) );
		$this->assertSame( 'GBP', $stats['currency'] );
		$this->assertTrue( $stats['available'] );
		$this->assertNull( $stats['unavailable'] );
		$this->assertSame( array(), $stats['needs_list'] );
		$this->assertFalse( $stats['stale'] );
		$this->assertSame(
			array( 'done' => true, 'scanned' => $truth['carts'], 'total' => $truth['carts'], 'failed' => 0 ),
			$stats['scan']
		);
		$this->assertMatchesRegularExpression( '/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/', $stats['fetched_at'] );
		$this->assertSame(
			array(
				'carts',
				'active',
				'expiring',
				'expired',
				'with_items',
				'empty',
				'value_total',
				'avg_items',
				'by_source',
				'value_expiring_6h',
				'value_expiring_24h',
				'carts_expiring_24h',
				'worth_chasing',
				'key_owner_carts',
				'top_products',
				'currency',
				'scan',
				'fetched_at',
				'stale',
				'available',
				'unavailable',
				'needs_list',
			),
			array_keys( $stats )
		);
		$this->assertStringNotContainsString( $this->key['consumer_secret'], (string) wp_json_encode( $stats ) );

		// The browser's "Worth chasing" view holds exactly the carts behind that number.
		$worth = $this->all_rows(
			array(
				'status'    => 'active,expiring',
				'has_items' => 'yes',
				'has_email' => 'yes',
			)
		);
		$this->assertCount( $truth['worth_chasing']['carts'], $worth );

		// The browser's list agrees: the carts behind "with items" are the ones GET sessions finds with the filter.
		$with = $this->all_rows( array( 'has_items' => 'yes' ) );
		$this->assertCount(
			$truth['with_items'],
			array_filter( $with, static function ( array $r ): bool { return ! $r['is_key_owner']; } )
		);
	}

	public function test_a_cold_scan_advances_slice_by_slice_fetching_each_cart_once_and_a_warm_one_fetches_none(
	): void {
		$this->connect();
		Control::seed( 120, 3 );
		$this->nudge_off_boundaries();
		add_filter(
			'cart_sessions_stats_budget',
			static function (): float {
				return 0.0001; // One batch per slice.
			}
		);
		$first = $this->ok( 'GET', 'stats' );
		$this->assertFalse( $first['scan']['done'] );
		$this->assertGreaterThan( 0, $first['scan']['scanned'] );
		$this->assertLessThan( $first['scan']['total'], $first['scan']['scanned'] );
		$this->assertNotFalse( wp_next_scheduled( Cron::SCAN_HOOK ), 'WP-Cron continues an unfinished scan' );
		$this->assertSame(
			$first['scan']['total'],
			$first['carts'],
			'counts from the list are complete from the start'
		);

		$calls = 1;
		$last  = $first['scan']['scanned'];
		do {
			$stats = $this->ok( 'GET', 'stats' );
			$this->assertGreaterThan( $last, $stats['scan']['scanned'], 'every slice makes progress' );
			$last = $stats['scan']['scanned'];
			++$calls;
		} while ( ! $stats['scan']['done'] && $calls < 30 );
		$this->assertTrue( $stats['scan']['done'] );
		$this->assertGreaterThan( 2, $calls );
		$this->assertSame( $stats['carts'], $this->counts()['single'], 'each customer cart fetched exactly once' );
		$this->assertEquals( $this->truth( (string) $this->key['user_id'] ), $this->numbers( $stats ) );

		$this->upstream = array();
		$warm           = $this->ok( 'GET', 'stats' );
		$this->assertSame( 0, $this->counts()['single'], 'warm: no detail requests' );
		$this->assertEquals( $this->numbers( $stats ), $this->numbers( $warm ) );
	}

	public function test_the_cron_event_continues_a_scan_until_done_then_records_the_day(): void {
		$this->connect();
		Control::seed( 60, 5 );
		add_filter(
			'cart_sessions_stats_budget',
			static function (): float {
				return 0.0001;
			}
		);
		$this->assertFalse( $this->ok( 'GET', 'stats' )['scan']['done'] );
		for ( $i = 0; $i < 10 && false !== wp_next_scheduled( Cron::SCAN_HOOK ); $i++ ) {
			wp_clear_scheduled_hook( Cron::SCAN_HOOK ); // What WP-Cron does before running a single event.
			Cron::continue_scan();
		}
		$this->assertFalse( wp_next_scheduled( Cron::SCAN_HOOK ), 'no longer scheduled once done' );
		$days = $this->ok( 'GET', 'stats/history' )['days'];
		$this->assertCount( 1, $days );
		$this->assertSame( gmdate( 'Y-m-d' ), $days[0]['day'] );
		$this->assertTrue( $days[0]['complete'] );
		$stats = $this->ok( 'GET', 'stats' );
		$this->assertTrue( $stats['scan']['done'] );
		$this->assertSame( $stats['carts'], $days[0]['carts'] );
		$this->assertSame( $stats['with_items'], $days[0]['with_items'] );
	}

	public function test_a_store_too_big_for_its_list_gives_the_status_counts_and_names_what_needs_the_list(): void {
		$this->connect();
		Control::seed( 90, 2 );
		Control::set_faults( array( 'list_oom_above' => 50 ) );
		$stats = $this->ok( 'GET', 'stats' );
		global $wpdb;
		$table = \CoCartDouble\Schema::carts_table();
		$now   = time();
		$all   = (int) $wpdb->get_var( "SELECT COUNT(*) FROM $table" ); // phpcs:ignore
		// phpcs:ignore
		$live  = (int) $wpdb->get_var( $wpdb->prepare( "SELECT COUNT(*) FROM $table WHERE cart_expiry > %d", $now ) );
		// phpcs:ignore
		$soon  = (int) $wpdb->get_var(
			$wpdb->prepare(
				"SELECT COUNT(*) FROM $table WHERE cart_expiry > %d AND cart_expiry < %d",
				$now,
				$now + 6 * HOUR_IN_SECONDS
			)
		);
		$this->assertFalse( $stats['available'] );
		$this->assertSame( 'store_too_big', $stats['unavailable']['reason'] );
		$this->assertStringContainsString( number_format_i18n( $all ), $stats['unavailable']['message'] );
		$this->assertStringContainsString( 'Clear expired carts', $stats['unavailable']['fix'] );
		$this->assertSame( $all, $stats['carts'] );
		$this->assertSame( $soon, $stats['expiring'] );
		$this->assertSame( $live - $soon, $stats['active'] );
		$this->assertSame( $all - $live, $stats['expired'] );
		$this->assertSame( $all, array_sum( $stats['by_source'] ) );
		$this->assertSame( Stats::NEEDS_LIST, $stats['needs_list'] );
		foreach ( Stats::NEEDS_LIST as $name ) {
			$this->assertContains( $stats[ $name ], array( null, array() ), "$name is not known without the list" );
		}
		// The day is still recorded, counts only.
		$days = $this->ok( 'GET', 'stats/history' )['days'];
		$this->assertSame( $all, $days[0]['carts'] );
		$this->assertNull( $days[0]['with_items'] );
		$this->assertFalse( $days[0]['complete'] );
	}

	public function test_bad_input_and_permissions(): void {
		$this->connect();
		foreach ( array( 'maybe', 'yes please', array( 1 ) ) as $bad ) {
			$r = $this->call( 'GET', 'stats', array( 'refresh' => $bad ) );
			$this->assertSame( 400, $r->get_status() );
			$this->assertArrayHasKey( 'refresh', $r->get_data()['data']['params'] );
		}
		wp_set_current_user( $this->make_user( 'subscriber' ) );
		$this->assertSame( 403, $this->call( 'GET', 'stats' )->get_status() );
		$this->assertSame( 403, $this->call( 'GET', 'stats/history' )->get_status() );
		wp_set_current_user( 0 );
		$this->assertSame( 401, $this->call( 'GET', 'stats' )->get_status() );
	}

	public function test_not_set_up_is_a_409_naming_the_fix(): void {
		$r = $this->call( 'GET', 'stats' );
		$this->assertSame( 409, $r->get_status() );
		$this->assertStringContainsString( 'Settings', $r->get_data()['data']['fix'] );
	}

	public function test_money_in_minor_units_is_exact(): void {
		$this->assertSame( 3650, Stats::to_minor( '36.50', 2 ) );
		$this->assertSame( 3650, Stats::to_minor( '36.5', 2 ) );
		$this->assertSame( 36, Stats::to_minor( '36', 0 ) );
		$this->assertSame( -1205, Stats::to_minor( '-12.05', 2 ) );
		$this->assertSame( 0, Stats::to_minor( null, 2 ) );
		$this->assertSame( 0, Stats::to_minor( 'abc', 2 ) );
		$this->assertSame( '36.50', Stats::from_minor( 3650, 2 ) );
		$this->assertSame( '0.05', Stats::from_minor( 5, 2 ) );
		$this->assertSame( '-0.05', Stats::from_minor( -5, 2 ) );
		$this->assertSame( '1234', Stats::from_minor( 1234, 0 ) );
		$this->assertSame( '0.001', Stats::from_minor( 1, 3 ) );
		// 0.1 + 0.2 in floats is not 0.3; in minor units it is.
		$this->assertSame(
			'0.30',
			Stats::from_minor( Stats::to_minor( '0.10', 2 ) + Stats::to_minor( '0.20', 2 ), 2 )
		);
	}
}
