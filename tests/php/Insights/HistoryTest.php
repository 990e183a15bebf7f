<?php
/**
 * The Overview's history: the snapshots table (Storage\Schema), one row a UTC day, GET stats/history, the daily
 * event and pruning by cart_sessions_history_retention_days.
 */

declare(strict_types=1);

require_once __DIR__ . '/InsightsTestCase.php';

use CartSessions\Insights\Cron;
use CartSessions\Insights\History;
use CartSessions\Privacy\Retention;
use CartSessions\Storage\Schema;
use CoCartDouble\Control;

final class HistoryTest extends InsightsTestCase {

	/**
	 * @return array<string,mixed> A stats body as Stats::get() gives it.
	 */
	private static function stats( int $carts, string $value ): array {
		return array(
			'carts'              => $carts,
			'active'             => $carts - 3,
			'expiring'           => 1,
			'expired'            => 2,
			'with_items'         => $carts - 1,
			'empty'              => 1,
			'value_total'        => $value,
			'avg_items'          => 2.5,
			'by_source'          => array(
				'cocart'      => $carts,
				'woocommerce' => 0,
				'other'       => 0,
			),
			'value_expiring_6h'  => '1.10',
			'value_expiring_24h' => '2.20',
			'currency'           => 'GBP',
			'available'          => true,
		);
	}

	public function test_schema_creates_the_table_with_a_version_and_names_every_table(): void {
		global $wpdb;
		$table = Schema::table( 'snapshots' );
		$this->assertSame( $wpdb->prefix . 'cart_sessions_snapshots', $table );
		$this->assertContains( $table, Schema::tables() );
		$this->assertSame( Schema::VERSION, get_option( Schema::OPTION ) );
		$this->assertSame( $table, $wpdb->get_var( $wpdb->prepare( 'SHOW TABLES LIKE %s', $table ) ) );
		$columns = $wpdb->get_col( "SHOW COLUMNS FROM $table" ); // phpcs:ignore
		foreach ( array( 'day', 'carts', 'active', 'expired', 'with_items', 'value_total', 'taken_at' ) as $column ) {
			$this->assertContains( $column, $columns );
		}
		// Running it again (an upgrade with nothing to change) keeps the rows.
		History::record( self::stats( 10, '5.00' ), true );
		delete_option( Schema::OPTION );
		Schema::maybe_upgrade();
		$this->assertCount( 1, History::days( 30 ) );
		$this->expectException( InvalidArgumentException::class );
		Schema::table( 'nope' );
	}

	public function test_one_row_a_day_the_first_get_kept_the_daily_event_replacing_it(): void {
		$now = time();
		$this->assertTrue( History::record( self::stats( 10, '100.00' ), false, $now ) );
		History::record( self::stats( 11, '110.00' ), false, $now ); // A later GET of the same day: kept as it was.
		$days = History::days( 30, $now );
		$this->assertCount( 1, $days );
		$this->assertSame( 10, $days[0]['carts'] );
		History::record( self::stats( 12, '120.00' ), true, $now ); // The daily event: replaces.
		$days = History::days( 30, $now );
		$this->assertCount( 1, $days );
		$this->assertSame(
			array(
				'day'                => gmdate( 'Y-m-d', $now ),
				'carts'              => 12,
				'active'             => 9,
				'expiring'           => 1,
				'expired'            => 2,
				'with_items'         => 11,
				'empty'              => 1,
				'value_total'        => '120.00',
				'avg_items'          => 2.5,
				'by_source'          => array(
					'cocart'      => 12,
					'woocommerce' => 0,
					'other'       => 0,
				),
				'value_expiring_6h'  => '1.10',
				'value_expiring_24h' => '2.20',
				'currency'           => 'GBP',
				'complete'           => true,
				'taken_at'           => gmdate( 'Y-m-d\TH:i:s\Z', $now ),
			),
			$days[0]
		);
	}

	public function test_history_route_gives_the_last_n_days_oldest_first_and_pruning_follows_the_retention(): void {
		$now = time();
		foreach ( array( 0, 1, 2, 10, 29, 30, 45, 200 ) as $ago ) {
			History::record( self::stats( 100 + $ago, $ago . '.50' ), true, $now - $ago * DAY_IN_SECONDS );
		}
		$days = $this->ok( 'GET', 'stats/history' )['days'];
		$this->assertSame(
			array( 129, 110, 102, 101, 100 ),
			array_column( $days, 'carts' ),
			'default 30 days, today included, oldest first'
		);
		$this->assertSame( gmdate( 'Y-m-d', $now - 29 * DAY_IN_SECONDS ), $days[0]['day'] );
		$this->assertSame( '29.50', $days[0]['value_total'] );
		$this->assertSame(
			array( 102, 101, 100 ),
			array_column( $this->ok( 'GET', 'stats/history', array( 'days' => 3 ) )['days'], 'carts' )
		);
		$this->assertCount( 8, $this->ok( 'GET', 'stats/history', array( 'days' => 365 ) )['days'] );

		update_option( Retention::HISTORY_OPTION, 40 );
		$this->assertSame( 2, History::prune( $now ) );
		$this->assertSame(
			array( 130, 129, 110, 102, 101, 100 ),
			array_column( $this->ok( 'GET', 'stats/history', array( 'days' => 365 ) )['days'], 'carts' )
		);
		delete_option( Retention::HISTORY_OPTION );
		$this->assertSame( 0, History::prune( $now ), 'default 400 days' );
	}

	public function test_days_must_be_1_to_365(): void {
		foreach ( array( 0, -1, 366, 1000000000, 'abc', '' ) as $bad ) {
			$r = $this->call( 'GET', 'stats/history', array( 'days' => $bad ) );
			$this->assertSame( 400, $r->get_status(), 'days=' . wp_json_encode( $bad ) );
			$this->assertArrayHasKey( 'days', $r->get_data()['data']['params'] );
		}
	}

	public function test_the_daily_event_records_today_and_prunes_and_is_scheduled_on_admin_init(): void {
		$this->connect();
		Control::seed( 40, 9 );
		History::record( self::stats( 1, '1.00' ), true, time() - 500 * DAY_IN_SECONDS );
		History::record( self::stats( 2, '2.00' ), false ); // An earlier snapshot today: the event replaces it.
		Cron::daily_snapshot();
		$days  = History::days( 365 );
		$stats = $this->ok( 'GET', 'stats' );
		$this->assertCount( 1, $days, 'the 500-day-old row was pruned' );
		$this->assertSame( $stats['carts'], $days[0]['carts'] );
		$this->assertSame( $stats['value_total'], $days[0]['value_total'] );

		$this->assertFalse( wp_next_scheduled( Cron::DAILY_HOOK ) );
		$this->assertNotFalse( has_action( 'admin_init', array( Cron::class, 'schedule_daily' ) ) );
		Cron::schedule_daily();
		Cron::schedule_daily(); // Once only.
		$this->assertCount(
			1,
			array_filter(
				_get_cron_array(),
				static function ( array $hooks ): bool { return isset( $hooks[ Cron::DAILY_HOOK ] ); }
			)
		);
		$next = wp_next_scheduled( Cron::DAILY_HOOK );
		$this->assertIsInt( $next );
		$this->assertGreaterThan( time(), $next );
		$this->assertLessThanOrEqual( time() + DAY_IN_SECONDS + 300, $next );
		$this->assertSame( 300, $next % DAY_IN_SECONDS, 'five minutes after midnight UTC' );
	}
}
