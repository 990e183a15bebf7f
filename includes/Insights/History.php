<?php
/**
 * The Overview's history: one row a UTC day in Schema::table( 'snapshots' ) with that day's numbers, for the
 * 30-day trend chart (GET stats/history). Written by the daily cron event (Insights\Cron) and, so that a site
 * whose WP-Cron does not run still gets its trend, by the first complete GET stats of a day. Rows older than
 * cart_sessions_history_retention_days (default 400) are pruned daily.
 *
 * Numbers that were not known that day (the store's list was too big: counts only) are stored as NULL and
 * come back as null; complete = false marks such a day.
 *
 * @package CartSessions
 */

declare(strict_types=1);

namespace CartSessions\Insights;

use CartSessions\Privacy\Retention;
use CartSessions\Storage\Schema;

final class History {

	public const MAX_DAYS = 365;

	/** Integer columns and the stats field each holds. */
	private const COUNTS = array(
		'carts'              => 'carts',
		'active'             => 'active',
		'expiring'           => 'expiring',
		'expired'            => 'expired',
		'with_items'         => 'with_items',
		'empty_carts'        => 'empty',
		'source_cocart'      => 'by_source.cocart',
		'source_woocommerce' => 'by_source.woocommerce',
		'source_other'       => 'by_source.other',
	);

	/** Money columns. */
	private const MONEY = array( 'value_total', 'value_expiring_6h', 'value_expiring_24h' );

	/**
	 * Stores the numbers as today's (UTC) snapshot. $replace: the daily event's snapshot replaces an earlier one
	 * of the same day; otherwise an existing row is kept (the first complete GET of a day).
	 *
	 * @param array<string,mixed> $stats GET stats' body (Stats::get()).
	 */
	public static function record( array $stats, bool $replace, ?int $now = null ): bool {
		global $wpdb;
		Schema::maybe_upgrade();
		$now      = $now ?? time();
		$decimals = self::decimals_of( $stats );
		$row      = array(
			'day'       => gmdate( 'Y-m-d', $now ),
			'currency'  => (string) ( $stats['currency'] ?? '' ),
			'decimals'  => $decimals,
			'complete'  => empty( $stats['available'] ) ? 0 : 1,
			'taken_at'  => gmdate( 'Y-m-d H:i:s', $now ),
			'avg_items' => null === ( $stats['avg_items'] ?? null ) ? null : (string) $stats['avg_items'],
		);
		foreach ( self::COUNTS as $column => $field ) {
			$value          = self::field( $stats, $field );
			$row[ $column ] = null === $value ? null : (int) $value;
		}
		$row['carts'] = (int) ( $row['carts'] ?? 0 );
		foreach ( self::MONEY as $column ) {
			$row[ $column ] = null === ( $stats[ $column ] ?? null ) ? null : (string) $stats[ $column ];
		}
		$table   = Schema::table( 'snapshots' );
		$columns = array_keys( $row );
		$holders = array();
		$values  = array();
		foreach ( $row as $value ) {
			if ( null === $value ) {
				$holders[] = 'NULL';
			} else {
				$holders[] = is_int( $value ) ? '%d' : '%s';
				$values[]  = $value;
			}
		}
		$verb = $replace ? 'REPLACE' : 'INSERT IGNORE';
		$sql  = "{$verb} INTO {$table} (" . implode( ', ', $columns ) . ') VALUES (' . implode( ', ', $holders ) . ')';
		// phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared -- our table and columns; values prepared.
		return false !== $wpdb->query( $wpdb->prepare( $sql, $values ) );
	}

	/**
	 * Whether today (UTC) has a snapshot already.
	 */
	public static function has_today( ?int $now = null ): bool {
		global $wpdb;
		Schema::maybe_upgrade();
		$table = Schema::table( 'snapshots' );
		// phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared
		return null !== $wpdb->get_var( $wpdb->prepare(
			"SELECT id FROM {$table} WHERE day = %s",
			gmdate( 'Y-m-d', $now ?? time() )
		) );
	}

	/**
	 * The last $days days (today included) that have a snapshot, oldest first.
	 *
	 * @return array<int,array<string,mixed>>
	 */
	public static function days( int $days, ?int $now = null ): array {
		global $wpdb;
		Schema::maybe_upgrade();
		$days  = max( 1, min( self::MAX_DAYS, $days ) );
		$from  = gmdate( 'Y-m-d', ( $now ?? time() ) - ( $days - 1 ) * DAY_IN_SECONDS );
		$table = Schema::table( 'snapshots' );
		// phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared
		$rows  = (array) $wpdb->get_results(
			$wpdb->prepare( "SELECT * FROM {$table} WHERE day >= %s ORDER BY day ASC", $from ),
			ARRAY_A
		);
		return array_map( array( self::class, 'shape' ), $rows );
	}

	/**
	 * Deletes snapshots older than the retention (days, option cart_sessions_history_retention_days).
	 *
	 * @return int Rows deleted.
	 */
	public static function prune( ?int $now = null ): int {
		global $wpdb;
		Schema::maybe_upgrade();
		$table = Schema::table( 'snapshots' );
		// phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared
		return (int) $wpdb->query( $wpdb->prepare(
			"DELETE FROM {$table} WHERE day < %s",
			gmdate( 'Y-m-d', ( $now ?? time() ) - Retention::history_days() * DAY_IN_SECONDS )
		) );
	}

	/**
	 * A stored row as GET stats/history returns it.
	 *
	 * @param array<string,mixed> $row
	 * @return array<string,mixed>
	 */
	private static function shape( array $row ): array {
		$int      = static function ( $value ): ?int {
			return null === $value ? null : (int) $value;
		};
		$decimals = (int) $row['decimals'];
		$money    = static function ( $value ) use ( $decimals ): ?string {
			return null === $value
				? null
				: Stats::from_minor( Stats::to_minor( (string) $value, $decimals ), $decimals );
		};
		return array(
			'day'         => (string) $row['day'],
			'carts'       => (int) $row['carts'],
			'active'      => $int( $row['active'] ),
			'expiring'    => $int( $row['expiring'] ),
			'expired'     => $int( $row['expired'] ),
			'with_items'  => $int( $row['with_items'] ),
			'empty'       => $int( $row['empty_carts'] ),
			'value_total' => $money( $row['value_total'] ),
			'avg_items'   => null === $row['avg_items'] ? null : (float) $row['avg_items'],
			'by_source'   => array(
				'cocart'      => $int( $row['source_cocart'] ),
				'woocommerce' => $int( $row['source_woocommerce'] ),
				'other'       => $int( $row['source_other'] ),
			),
			'value_expiring_6h'  => $money( $row['value_expiring_6h'] ),
			'value_expiring_24h' => $money( $row['value_expiring_24h'] ),
			'currency'           => '' === (string) $row['currency'] ? null : (string) $row['currency'],
			'complete'           => (bool) $row['complete'],
			'taken_at'           => gmdate( 'Y-m-d\TH:i:s\Z', (int) strtotime( $row['taken_at'] . ' UTC' ) ),
		);
	}

	/**
	 * A field of the stats body, "by_source.cocart" for nested ones.
	 *
	 * @param array<string,mixed> $stats
	 * @return mixed
	 */
	private static function field( array $stats, string $path ) {
		$value = $stats;
		foreach ( explode( '.', $path ) as $part ) {
			if ( ! is_array( $value ) || ! array_key_exists( $part, $value ) ) {
				return null;
			}
			$value = $value[ $part ];
		}
		return $value;
	}

	/**
	 * The decimals the money strings carry ("36.50" → 2), 2 when there is no amount.
	 *
	 * @param array<string,mixed> $stats
	 */
	private static function decimals_of( array $stats ): int {
		$amount = (string) ( $stats['value_total'] ?? '' );
		$dot    = strpos( $amount, '.' );
		if ( '' === $amount ) {
			return 2;
		}
		return false === $dot ? 0 : min( 4, strlen( $amount ) - $dot - 1 );
	}
}
