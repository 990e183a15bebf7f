<?php
/**
 * The cleanup schedule and the plugin's cleanup cron hooks (all prefixed cart_sessions_):
 *
 *  - cart_sessions_scheduled_cleanup  daily at the chosen hour (site timezone), only when enabled (off by default):
 *    starts a run (trigger "schedule") and hands it to…
 *  - cart_sessions_cleanup_batch      one batch of a scheduled run per event; it reschedules itself until the run
 *    ends, so no cron request ever handles more than one batch;
 *  - cart_sessions_prune              daily: audit rows and exports older than cart_sessions_audit_retention_days,
 *    runs older than cart_sessions_history_retention_days.
 *
 * The daily run is a single event re-armed after each run for the next occurrence of the hour, so daylight saving
 * changes do not shift it. When DISABLE_WP_CRON is set, WordPress only runs events when a real cron job calls
 * wp-cron.php; we note when cron last ran (option cart_sessions_cron_seen) and warn when it has not lately.
 *
 * @package CartSessions
 */

declare(strict_types=1);

namespace CartSessions\Cleanup;

use WP_Error;

final class Schedule {

	public const OPTION         = 'cart_sessions_cleanup_schedule';
	public const CRON_SEEN      = 'cart_sessions_cron_seen';
	public const HOOK           = 'cart_sessions_scheduled_cleanup';
	public const BATCH_HOOK     = 'cart_sessions_cleanup_batch';
	public const PRUNE_HOOK     = 'cart_sessions_prune';
	public const PREFIX         = 'cart_sessions_';
	public const CRON_QUIET     = 2 * HOUR_IN_SECONDS;
	public const DEFAULT_HOUR   = 3;

	public function register(): void {
		add_action( self::HOOK, array( self::class, 'run_scheduled' ) );
		add_action( self::BATCH_HOOK, array( self::class, 'run_batch' ), 10, 2 );
		add_action( self::PRUNE_HOOK, array( self::class, 'prune' ) );
		add_action( 'init', array( self::class, 'note_cron' ) );
		add_action( 'admin_init', array( self::class, 'arm' ) );
	}

	/**
	 * @return array{enabled:bool,hour:int,rule:array<string,mixed>}
	 */
	public static function get(): array {
		$saved = get_option( self::OPTION, array() );
		$saved = is_array( $saved ) ? $saved : array();
		$rule  = Rule::from_array( $saved['rule'] ?? array() );
		return array(
			'enabled' => ! empty( $saved['enabled'] ),
			'hour'    => isset( $saved['hour'] ) ? max( 0, min( 23, (int) $saved['hour'] ) ) : self::DEFAULT_HOUR,
			'rule'    => ( $rule instanceof Rule ? $rule : Rule::defaults() )->to_array(),
		);
	}

	/**
	 * Saves the schedule (already validated by the route, checked again here) and re-arms the event.
	 *
	 * @param array<string,mixed> $input enabled, hour, rule.
	 * @return true|WP_Error
	 */
	public static function save( array $input ) {
		$hour = $input['hour'] ?? self::DEFAULT_HOUR;
		if ( ! is_int( $hour ) || $hour < 0 || $hour > 23 ) {
			return new WP_Error(
				'rest_invalid_param',
				__( 'hour must be a whole hour from 0 to 23.', 'cart-sessions-for-cocart' ),
				array(
					'status' => 400,
					'params' => array( 'hour' => __(
						'hour must be a whole hour from 0 to 23.',
						'cart-sessions-for-cocart'
					) ),
				)
			);
		}
		$rule = Rule::from_array( $input['rule'] ?? array() );
		if ( $rule instanceof WP_Error ) {
			return $rule;
		}
		update_option(
			self::OPTION,
			array(
				'enabled' => (bool) ( $input['enabled'] ?? false ),
				'hour'    => $hour,
				'rule'    => $rule->to_array(),
			),
			false
		);
		// CoCart on this site, called in-process, checks who is asking: cron acts as the manager who saved this.
		\CartSessions\CoCart\InProcess::remember_user( get_current_user_id() );
		wp_clear_scheduled_hook( self::HOOK );
		self::arm();
		return true;
	}

	/**
	 * The schedule as the Cleanup tab shows it.
	 *
	 * @return array{enabled:bool,hour:int,rule:array<string,mixed>,next_run:string|null,cron_warning:string|null,timezone:string}
	 */
	public static function state(): array {
		$next = wp_next_scheduled( self::HOOK );
		return self::get() + array(
			'next_run'     => false === $next ? null : gmdate( 'Y-m-d\TH:i:s\Z', (int) $next ),
			'cron_warning' => self::cron_warning(),
			'timezone'     => wp_timezone_string(),
		);
	}

	/**
	 * Schedules what should be scheduled: the daily cleanup when enabled (at the next occurrence of its hour),
	 * and the daily prune. Safe to call often.
	 */
	public static function arm(): void {
		$schedule = self::get();
		if ( ! $schedule['enabled'] ) {
			wp_clear_scheduled_hook( self::HOOK );
		} elseif ( false === wp_next_scheduled( self::HOOK ) ) {
			wp_schedule_single_event( self::next_at( $schedule['hour'], time() ), self::HOOK );
		}
		if ( false === wp_next_scheduled( self::PRUNE_HOOK ) ) {
			wp_schedule_event( time() + HOUR_IN_SECONDS, 'daily', self::PRUNE_HOOK );
		}
	}

	/**
	 * The next time it is $hour:00 in the site's timezone, after $now.
	 */
	public static function next_at( int $hour, int $now ): int {
		$zone = wp_timezone();
		$at   = ( new \DateTimeImmutable( '@' . $now ) )->setTimezone( $zone )->setTime( $hour, 0, 0 );
		if ( $at->getTimestamp() <= $now ) {
			$at = $at->modify( '+1 day' )->setTime( $hour, 0, 0 );
		}
		return $at->getTimestamp();
	}

	/**
	 * cart_sessions_scheduled_cleanup: starts the day's run and schedules its first batch; re-arms tomorrow's.
	 */
	public static function run_scheduled(): void {
		\CartSessions\Storage\Schema::maybe_upgrade();
		$schedule = self::get();
		if ( $schedule['enabled'] ) {
			$rule = Rule::from_array( $schedule['rule'] );
			if ( $rule instanceof Rule ) {
				$run = ( new Runner() )->start( $rule, 'schedule', 0, false );
				if ( is_array( $run ) && 'running' === $run['status'] ) {
					wp_schedule_single_event( time(), self::BATCH_HOOK, array( $run['id'], 1 ) );
				}
			}
		}
		self::arm();
	}

	/**
	 * cart_sessions_cleanup_batch: one batch of a scheduled run, then the next batch is scheduled.
	 *
	 * @param mixed $run_id
	 * @param mixed $number Which batch this is (makes each event unique).
	 */
	public static function run_batch( $run_id, $number = 1 ): void {
		$run = ( new Runner() )->step( (int) $run_id );
		if ( is_array( $run ) && 'running' === $run['status'] ) {
			wp_schedule_single_event( time(), self::BATCH_HOOK, array( (int) $run_id, (int) $number + 1 ) );
		}
	}

	/**
	 * cart_sessions_prune.
	 */
	public static function prune(): void {
		Audit::prune();
		Runs::prune();
		Export::prune();
	}

	/**
	 * On every request WP-Cron runs (wp-cron.php, or `wp cron event run`): note the time, at most every 5 minutes.
	 */
	public static function note_cron(): void {
		if ( wp_doing_cron() && (int) get_option( self::CRON_SEEN, 0 ) < time() - 300 ) {
			update_option( self::CRON_SEEN, time(), false );
		}
	}

	/**
	 * A warning when scheduled cleanups cannot run: WP-Cron is switched off and no real cron job has called it.
	 */
	public static function cron_warning(): ?string {
		if ( ! defined( 'DISABLE_WP_CRON' ) || ! DISABLE_WP_CRON ) {
			return null;
		}
		$seen = (int) get_option( self::CRON_SEEN, 0 );
		if ( $seen > time() - self::CRON_QUIET ) {
			return null;
		}
		$fix = sprintf(
			/* translators: %s: a crontab line that calls wp-cron.php */
			__(
				'Add a cron job on the server that calls wp-cron.php every 5 minutes — for example the crontab line %s — or remove DISABLE_WP_CRON from wp-config.php.', // phpcs:ignore Generic.Files.LineLength -- one translatable string.
				'cart-sessions-for-cocart'
			),
			'*/5 * * * * curl -s "' . site_url( 'wp-cron.php?doing_wp_cron' ) . '" > /dev/null'
		);
		return ( $seen > 0
			? sprintf(
				/* translators: %s: how long ago, e.g. "3 hours" */
				__(
					'WP-Cron is switched off on this site (DISABLE_WP_CRON) and no cron job has run it for %s, so scheduled cleanups will not run.', // phpcs:ignore Generic.Files.LineLength -- one translatable string.
					'cart-sessions-for-cocart'
				),
				human_time_diff( $seen )
			)
			: __(
				'WP-Cron is switched off on this site (DISABLE_WP_CRON) and no cron job has been seen running it, so scheduled cleanups will not run.', // phpcs:ignore Generic.Files.LineLength -- one translatable string.
				'cart-sessions-for-cocart'
			) ) . ' ' . $fix;
	}

	/**
	 * Removes every scheduled event whose hook starts with cart_sessions_ (deactivation and uninstall).
	 */
	public static function unschedule_all(): void {
		$crons = _get_cron_array();
		if ( ! is_array( $crons ) ) {
			return;
		}
		$hooks = array();
		foreach ( $crons as $events ) {
			foreach ( array_keys( (array) $events ) as $hook ) {
				if ( 0 === strpos( (string) $hook, self::PREFIX ) ) {
					$hooks[ $hook ] = true;
				}
			}
		}
		foreach ( array_keys( $hooks ) as $hook ) {
			wp_unschedule_hook( (string) $hook );
		}
	}
}
