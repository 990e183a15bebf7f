<?php
/**
 * The schedule (off by default; daily at the chosen hour in the site's timezone; next run; the DISABLE_WP_CRON
 * warning), scheduled runs driven through self-rescheduling batch events to the end, deactivation, and
 * uninstall.php (run as WordPress runs it, in its own process) removing every table, option, transient, event
 * and export of ours — and nothing else.
 */

declare(strict_types=1);

require_once __DIR__ . '/CleanupTestCase.php';

use CartSessions\Cleanup\Export;
use CartSessions\Cleanup\Schedule;
use CartSessions\Plugin;
use CartSessions\Storage\Schema;

final class ScheduleTest extends CleanupTestCase {

	protected function tearDown(): void {
		delete_option( 'timezone_string' );
		parent::tearDown();
	}

	public function test_off_by_default_then_daily_at_the_chosen_hour_in_the_site_timezone(): void {
		$state = $this->ok( 'GET', 'cleanup/schedule' );
		$this->assertFalse( $state['enabled'] );
		$this->assertNull( $state['next_run'] );
		$this->assertSame( 30, $state['rule']['expired_days'] );

		update_option( 'timezone_string', 'Europe/Paris' );
		$state = $this->ok(
			'POST',
			'cleanup/schedule',
			array( 'enabled' => true, 'hour' => 5, 'rule' => array( 'expired_days' => 14, 'empty_only' => true ) )
		);
		$this->assertTrue( $state['enabled'] );
		$this->assertSame( 5, $state['hour'] );
		$this->assertSame( 14, $state['rule']['expired_days'] );
		$this->assertTrue( $state['rule']['empty_only'] );
		$next = new DateTimeImmutable( $state['next_run'] );
		$paris = $next->setTimezone( new DateTimeZone( 'Europe/Paris' ) );
		$this->assertSame( '05:00:00', $paris->format( 'H:i:s' ) );
		$this->assertGreaterThan( time(), $next->getTimestamp() );
		$this->assertLessThanOrEqual( time() + DAY_IN_SECONDS, $next->getTimestamp() );
		$this->assertSame( $next->getTimestamp(), wp_next_scheduled( Schedule::HOOK ) );

		$state = $this->ok( 'POST', 'cleanup/schedule', array( 'enabled' => false, 'hour' => 5, 'rule' => array() ) );
		$this->assertNull( $state['next_run'] );
		$this->assertFalse( wp_next_scheduled( Schedule::HOOK ) );
	}

	public function test_warns_when_wp_cron_is_disabled_and_no_real_cron_runs_it(): void {
		$this->assertTrue( defined( 'DISABLE_WP_CRON' ) && DISABLE_WP_CRON, 'bin/local-wp sites switch WP-Cron off' );
		$warning = $this->ok( 'GET', 'cleanup/schedule' )['cron_warning'];
		$this->assertStringContainsString( 'DISABLE_WP_CRON', (string) $warning );
		$this->assertStringContainsString( site_url( 'wp-cron.php' ), (string) $warning );

		add_filter( 'wp_doing_cron', '__return_true' ); // A real cron job calls wp-cron.php.
		Schedule::note_cron();
		remove_filter( 'wp_doing_cron', '__return_true' );
		$this->assertNull( $this->ok( 'GET', 'cleanup/schedule' )['cron_warning'] );

		update_option( Schedule::CRON_SEEN, time() - 3 * HOUR_IN_SECONDS );
		$this->assertStringContainsString( '3 hours', (string) $this->ok( 'GET', 'cleanup/schedule' )['cron_warning'] );
	}

	public function test_a_scheduled_run_goes_batch_by_batch_through_cron_events_to_the_end(): void {
		$this->connect();
		$this->seed( 120 );
		$rule   = array( 'expired_days' => 2 );
		$truth  = $this->truth( $rule );
		$before = $this->keys_left();
		$this->assertGreaterThan( 50, count( $truth ), 'more than two batches' );
		Schedule::save( array( 'enabled' => true, 'hour' => 4, 'rule' => $rule ) );

		Schedule::run_scheduled(); // What WP-Cron does at 04:00.

		$batches = 0;
		while ( null !== ( $event = $this->due( Schedule::BATCH_HOOK ) ) ) {
			// As WP-Cron does before running it.
			wp_unschedule_event( $event['timestamp'], Schedule::BATCH_HOOK, $event['args'] );
			$this->assertSame( $batches + 1, $event['args'][1] );
			Schedule::run_batch( ...$event['args'] );
			++$batches;
			$this->assertLessThan( 20, $batches );
		}
		$this->assertSame( (int) ceil( count( $truth ) / 25 ), $batches, 'one batch of 25 per cron event' );
		$run = $this->ok( 'GET', 'cleanup/runs' )['items'][0];
		$this->assertSame( 'schedule', $run['trigger'] );
		$this->assertNull( $run['user'] );
		$this->assertSame( 'done', $run['status'] );
		$this->assertSame( count( $truth ), $run['deleted'] );
		$this->assertOnlyGone( $before, $truth );
		$this->assertGreaterThan( time(), (int) wp_next_scheduled( Schedule::HOOK ), 'tomorrow’s run is armed' );
	}

	public function test_deactivation_unschedules_our_events_only(): void {
		Schedule::save( array( 'enabled' => true, 'hour' => 4, 'rule' => array() ) );
		wp_schedule_single_event( time() + 60, Schedule::BATCH_HOOK, array( 1, 1 ) );
		wp_schedule_event( time() + 60, 'daily', 'cart_sessions_daily_snapshot' );
		wp_schedule_event( time() + 60, 'daily', 'someone_elses_hook' );
		Plugin::deactivate();
		$this->assertSame( array( 'someone_elses_hook' ), $this->hooks() );
		wp_clear_scheduled_hook( 'someone_elses_hook' );
	}

	public function test_uninstall_removes_every_table_option_transient_event_and_export_of_ours(): void {
		global $wpdb;
		try {
			( new \CartSessions\Credentials\Settings() )->save(
				array(
					'store_url'       => 'https://shop.example.com',
					'consumer_key'    => 'ck_' . str_repeat( 'a', 40 ),
					'consumer_secret' => 'cs_' . str_repeat( 'b', 40 ),
				)
			);
			update_option( \CartSessions\Sessions\KeyOwner::TIMES_OPTION, array( 1 ) );
			set_transient( \CartSessions\Health\SiteHealth::CACHE, 'x', 60 );
			set_transient( \CartSessions\Sessions\ListCache::PREFIX . 'abc', 'x', 60 );
			set_transient( \CartSessions\Sessions\DetailCache::LEGACY_TRANSIENT_PREFIX . 'abc', 'x', 60 );
			update_option( 'someone_elses_option', 'kept' );
			// Another plugin's option that merely starts like ours.
			update_option( 'cart_sessions_pro_license', 'kept' );
			Schedule::save( array( 'enabled' => true, 'hour' => 4, 'rule' => array() ) );
			wp_schedule_event( time() + 60, 'daily', 'cart_sessions_daily_snapshot' );
			wp_schedule_event( time() + 60, 'daily', 'someone_elses_hook' );
			$export = Export::create( 1 );
			$this->assertNotNull( $export );
			$this->assertFileExists( Export::path( (string) $export ) );
			// Whatever else landed in the folder (a host's dotfile, a folder) goes with it.
			file_put_contents( Export::dir() . '/.user.ini', 'x' );
			wp_mkdir_p( Export::dir() . '/old' );
			file_put_contents( Export::dir() . '/old/.hidden', 'x' );
			foreach ( Schema::tables() as $table ) {
				$this->assertSame( $table, $wpdb->get_var( $wpdb->prepare( 'SHOW TABLES LIKE %s', $table ) ) );
			}

			exec(
				escapeshellarg( PHP_BINARY ) . ' ' . escapeshellarg(
					__DIR__
					. '/run-uninstall.php'
				) . ' ' . escapeshellarg( untrailingslashit( ABSPATH ) ) . ' 2>&1',
				$out,
				$rc
			);
			$this->assertSame( 0, $rc, implode( "\n", $out ) );
			$this->assertSame( array( 'uninstalled' ), $out );
			wp_cache_flush();

			foreach ( Schema::tables() as $table ) {
				$this->assertNull(
					$wpdb->get_var( $wpdb->prepare( 'SHOW TABLES LIKE %s', $table ) ),
					"$table dropped"
				);
			}
			$ours = $wpdb->get_col(
				"SELECT option_name FROM {$wpdb->options} WHERE option_name LIKE '%cart\\_sessions\\_%'"
			);
			$this->assertSame(
				array( 'cart_sessions_pro_license' ),
				$ours,
				'ours gone by exact name; the look-alike kept'
			);
			$this->assertSame( 'kept', get_option( 'someone_elses_option' ) );
			$this->assertSame( array( 'someone_elses_hook' ), $this->hooks() );
			clearstatcache(); // The child process removed it; PHP may still hold this process's earlier stat of it.
			$this->assertDirectoryDoesNotExist( Export::dir() );
		} finally {
			delete_option( 'someone_elses_option' );
			delete_option( 'cart_sessions_pro_license' );
			wp_clear_scheduled_hook( 'someone_elses_hook' );
			wp_cache_flush();
			Schema::install(); // The other tests need the tables back.
		}
	}

	/**
	 * @return string[] Ours and someone_elses_hook among the hooks with scheduled events, sorted.
	 */
	private function hooks(): array {
		wp_cache_delete( 'cron', 'options' );
		wp_cache_delete( 'alloptions', 'options' );
		$hooks = array();
		foreach ( (array) _get_cron_array() as $events ) {
			$hooks = array_merge( $hooks, array_keys( (array) $events ) );
		}
		$hooks = array_values(
			array_unique(
				array_filter(
					$hooks,
					static function ( string $hook ): bool {
						return 0 === strpos( $hook, 'cart_sessions_' ) || 'someone_elses_hook' === $hook;
					}
				)
			)
		);
		sort( $hooks );
		return $hooks;
	}

	/**
	 * The first scheduled event of a hook: {timestamp, args}, or null.
	 *
	 * @return array{timestamp:int,args:array<int,mixed>}|null
	 */
	private function due( string $hook ): ?array {
		foreach ( (array) _get_cron_array() as $timestamp => $events ) {
			foreach ( (array) ( $events[ $hook ] ?? array() ) as $event ) {
				return array(
					'timestamp' => (int) $timestamp,
					'args'      => $event['args'],
				);
			}
		}
		return null;
	}
}
