<?php
/**
 * The cleanup lock: at most one run at a time. One row in the options table (option cart_sessions_cleanup_lock,
 * value "<run id>:<expires unix time>", not autoloaded), taken with INSERT IGNORE — atomic in the database, so two
 * requests starting runs at the same moment cannot both win — and refreshed by every step of the run holding it.
 * A lock whose run stopped being advanced (the browser was closed) expires after TTL seconds (filter
 * cart_sessions_cleanup_lock_ttl, default 10 minutes) and can then be taken over, with a compare-and-swap.
 *
 * The options cache is bypassed on purpose: the lock must be what the database says now.
 *
 * @package CartSessions
 */

declare(strict_types=1);

namespace CartSessions\Cleanup;

final class Lock {

	public const OPTION      = 'cart_sessions_cleanup_lock';
	public const DEFAULT_TTL = 600;

	/** How many times acquire() tries when the lock is released under it. */
	private const MAX_ATTEMPTS = 3;

	public static function ttl(): int {
		/**
		 * Filters how long (seconds) a cleanup run keeps its lock without taking a step.
		 *
		 * @param int $seconds Default 600.
		 */
		return max( 30, (int) apply_filters( 'cart_sessions_cleanup_lock_ttl', self::DEFAULT_TTL ) );
	}

	/**
	 * Takes the lock for a run. False when another run holds a lock that has not expired.
	 *
	 * @param int|null $taken_from Set to the run whose expired lock was taken over, if any.
	 */
	public static function acquire( int $run_id, ?int &$taken_from = null ): bool {
		global $wpdb;
		$taken_from = null;
		$value      = $run_id . ':' . ( time() + self::ttl() );
		// Released between our INSERT and our SELECT: try again, a few times only (never a loop without end).
		for ( $attempt = 0; $attempt < self::MAX_ATTEMPTS; $attempt++ ) {
			$wpdb->last_error = '';
			$inserted         = $wpdb->query( $wpdb->prepare(
				"INSERT IGNORE INTO {$wpdb->options} (option_name, option_value, autoload) VALUES (%s, %s, 'no')",
				self::OPTION,
				$value
			) );
			self::forget_cache();
			if ( false === $inserted || '' !== $wpdb->last_error ) {
				return false; // The database refused: no lock, so no run.
			}
			if ( 1 === (int) $inserted ) {
				return true;
			}
			$current = self::raw();
			if ( null === $current ) {
				continue;
			}
			list( $holder, $expires ) = self::parse( $current );
			if ( $expires >= time() ) {
				return false;
			}
			if ( self::swap( $current, $value ) ) {
				$taken_from = $holder;
				return true;
			}
			return false;
		}
		return false;
	}

	/**
	 * Extends the lock of the run holding it. False when this run no longer holds it.
	 */
	public static function refresh( int $run_id ): bool {
		$current = self::raw();
		if ( null === $current || self::parse( $current )[0] !== $run_id ) {
			return false;
		}
		$value = $run_id . ':' . ( time() + self::ttl() );
		return $value === $current || self::swap( $current, $value ); // MySQL counts an unchanged row as not updated.
	}

	public static function release( int $run_id ): void {
		global $wpdb;
		$current = self::raw();
		if ( null !== $current && self::parse( $current )[0] === $run_id ) {
			$wpdb->query( $wpdb->prepare(
				"DELETE FROM {$wpdb->options} WHERE option_name = %s AND option_value = %s",
				self::OPTION,
				$current
			) );
			self::forget_cache();
		}
	}

	/**
	 * The run holding the lock and until when, or null.
	 *
	 * @return array{run_id:int,expires:int}|null
	 */
	public static function holder(): ?array {
		$current = self::raw();
		if ( null === $current ) {
			return null;
		}
		list( $run_id, $expires ) = self::parse( $current );
		return array(
			'run_id'  => $run_id,
			'expires' => $expires,
		);
	}

	private static function raw(): ?string {
		global $wpdb;
		$value = $wpdb->get_var( $wpdb->prepare(
			"SELECT option_value FROM {$wpdb->options} WHERE option_name = %s",
			self::OPTION
		) );
		return null === $value ? null : (string) $value;
	}

	private static function swap( string $old, string $new ): bool {
		global $wpdb;
		$changed = $wpdb->query( $wpdb->prepare(
			"UPDATE {$wpdb->options} SET option_value = %s WHERE option_name = %s AND option_value = %s",
			$new,
			self::OPTION,
			$old
		) );
		self::forget_cache();
		return 1 === (int) $changed;
	}

	/**
	 * @return array{0:int,1:int}
	 */
	private static function parse( string $value ): array {
		$parts = explode( ':', $value, 2 );
		return array( (int) $parts[0], (int) ( $parts[1] ?? 0 ) );
	}

	private static function forget_cache(): void {
		wp_cache_delete( self::OPTION, 'options' );
		wp_cache_delete( 'notoptions', 'options' );
	}
}
