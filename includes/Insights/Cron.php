<?php
/**
 * The Overview's background work on WP-Cron:
 *
 *  - cart_sessions_daily_snapshot (daily, shortly after 00:00 UTC): computes the numbers (continuing a first
 *    scan for one cron slice), stores them as the day's snapshot (History) and prunes old snapshots. When the
 *    scan is not finished by then, cart_sessions_stats_scan takes over and records the day when it is.
 *  - cart_sessions_stats_scan (single events): one slice of a first scan (Stats::budget( 'cron' ) seconds),
 *    rescheduling itself until the scan is done. GET stats schedules it whenever a scan is unfinished.
 *
 * The daily event is (re)scheduled on admin_init and on activation. Deactivation and uninstall unschedule every
 * cart_sessions_ hook (the cleanup part owns that).
 *
 * @package CartSessions
 */

declare(strict_types=1);

namespace CartSessions\Insights;

use WP_Error;

final class Cron {

	public const DAILY_HOOK   = 'cart_sessions_daily_snapshot';
	public const SCAN_HOOK    = 'cart_sessions_stats_scan';

	/** Seconds after midnight UTC for the daily snapshot. */
	private const DAILY_OFFSET = 300;

	public function register(): void {
		add_action( self::DAILY_HOOK, array( self::class, 'daily_snapshot' ) );
		add_action( self::SCAN_HOOK, array( self::class, 'continue_scan' ) );
		add_action( 'admin_init', array( self::class, 'schedule_daily' ) );
	}

	/**
	 * Schedules the daily snapshot if it is not scheduled.
	 */
	public static function schedule_daily(): void {
		if ( false === wp_next_scheduled( self::DAILY_HOOK ) ) {
			$midnight = (int) ( floor( time() / DAY_IN_SECONDS ) * DAY_IN_SECONDS );
			wp_schedule_event( $midnight + DAY_IN_SECONDS + self::DAILY_OFFSET, 'daily', self::DAILY_HOOK );
		}
	}

	/**
	 * Asks WP-Cron to continue an unfinished scan soon (no-op when it is already scheduled).
	 */
	public static function schedule_scan( int $delay = 5 ): void {
		if ( false === wp_next_scheduled( self::SCAN_HOOK ) ) {
			wp_schedule_single_event( time() + max( 0, $delay ), self::SCAN_HOOK );
		}
	}

	/**
	 * cart_sessions_daily_snapshot.
	 */
	public static function daily_snapshot(): void {
		History::prune();
		$stats = ( new Stats() )->get( false, Stats::budget( 'cron' ) );
		if ( $stats instanceof WP_Error ) {
			return; // Not set up, or the store is down: no numbers to keep today. The next run tries again.
		}
		if ( $stats['scan']['done'] ) {
			History::record( $stats, true );
			return;
		}
		self::schedule_scan();
	}

	/**
	 * cart_sessions_stats_scan: one slice; again later until done, then today's snapshot if there is none yet.
	 */
	public static function continue_scan(): void {
		$stats = ( new Stats() )->get( false, Stats::budget( 'cron' ) );
		if ( $stats instanceof WP_Error ) {
			return; // The next GET stats schedules it again.
		}
		if ( ! $stats['scan']['done'] ) {
			self::schedule_scan();
			return;
		}
		History::record( $stats, false );
	}
}
