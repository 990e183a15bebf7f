<?php
/**
 * Search, filter, sort and page normalised session rows in memory (CoCart's list has no paging:
 * docs/cocart-api.md#routes). Pure: no
 * I/O, no WordPress state, so the list route, the bulk delete by filter and the tests share one definition of
 * "matches".
 *
 *  - search: case-insensitive substring of the key, the customer's name or email;
 *  - status: active | expiring | expired;
 *  - source: cocart | woocommerce | other (anything else, including '');
 *  - has_items: yes (item_count > 0) | no (item_count = 0); a row whose count is unknown (null) matches neither;
 *  - orderby: key | customer | created | expires | item_count | total | status | source; order asc | desc.
 *    Nulls sort as the smallest value (as MySQL does); status sorts active < expiring < expired; ties are broken
 *    by key, ascending, so pages never overlap.
 *
 * @package CartSessions
 */

declare(strict_types=1);

namespace CartSessions\Sessions;

final class Query {

	public const STATUSES  = array( 'active', 'expiring', 'expired' );
	public const SOURCES   = array( 'cocart', 'woocommerce', 'other' );
	public const HAS_ITEMS = array( 'yes', 'no' );
	public const ORDERBY   = array(
		'key',
		'customer',
		'created',
		'expires',
		'item_count',
		'total',
		'status',
		'source',
	);
	public const ORDER     = array( 'asc', 'desc' );
	public const FILTERS   = array( 'search', 'status', 'source', 'has_items' );

	private const STATUS_RANK = array(
		'active'   => 0,
		'expiring' => 1,
		'expired'  => 2,
	);

	/**
	 * The rows that match a filter (search, status, source, has_items; empty or missing = any).
	 *
	 * @param array<int,array<string,mixed>> $rows
	 * @param array<string,mixed>            $filter
	 * @return array<int,array<string,mixed>>
	 */
	public static function filter( array $rows, array $filter ): array {
		$search    = self::lower( trim( (string) ( $filter['search'] ?? '' ) ) );
		$status    = (string) ( $filter['status'] ?? '' );
		$source    = (string) ( $filter['source'] ?? '' );
		$has_items = (string) ( $filter['has_items'] ?? '' );
		$out       = array();
		foreach ( $rows as $row ) {
			if ( '' !== $status && $status !== $row['status'] ) {
				continue;
			}
			if ( '' !== $source && $source !== self::source_group( (string) $row['source'] ) ) {
				continue;
			}
			if ( '' !== $has_items ) {
				if ( null === $row['item_count'] ) {
					continue;
				}
				if ( ( 'yes' === $has_items ) !== ( $row['item_count'] > 0 ) ) {
					continue;
				}
			}
			if ( '' !== $search && ! self::matches( $row, $search ) ) {
				continue;
			}
			$out[] = $row;
		}
		return $out;
	}

	/**
	 * cocart | woocommerce | other.
	 */
	public static function source_group( string $source ): string {
		return in_array( $source, array( 'cocart', 'woocommerce' ), true ) ? $source : 'other';
	}

	/**
	 * Whether a filter needs each row's detail (item count) to be applied.
	 *
	 * @param array<string,mixed> $filter
	 */
	public static function needs_details( array $filter, string $orderby = '' ): bool {
		return '' !== (string) ( $filter['has_items'] ?? '' )
			|| in_array( $orderby, array( 'item_count', 'total' ), true );
	}

	/**
	 * @param array<int,array<string,mixed>> $rows
	 * @return array<int,array<string,mixed>>
	 */
	public static function sort( array $rows, string $orderby, string $order ): array {
		$rows   = array_values( $rows );
		$sorted = array();
		foreach ( self::order( $rows, $orderby, $order ) as $i ) {
			$sorted[] = $rows[ $i ];
		}
		return $sorted;
	}

	/**
	 * The positions (0, 1, …) of the rows in sort()'s order: rows need only the field sorted by and `key`.
	 *
	 * @param array<int,array<string,mixed>> $rows
	 * @return int[]
	 */
	public static function order( array $rows, string $orderby, string $order ): array {
		$orderby = in_array( $orderby, self::ORDERBY, true ) ? $orderby : 'expires';
		$dir     = 'asc' === $order ? SORT_ASC : SORT_DESC;
		$numeric = in_array( $orderby, array( 'item_count', 'total', 'status' ), true );
		$known   = array();
		$values  = array();
		$lower   = array();
		$keys    = array();
		foreach ( $rows as $row ) {
			$value    = self::sort_value( $row, $orderby );
			$known[]  = null === $value ? 0 : 1; // "No value" sorts below any value.
			$values[] = $value ?? ( $numeric ? 0 : '' );
			$keys[]   = (string) $row['key'];
			$lower[]  = strtolower( (string) $row['key'] );
		}
		$index = array_keys( array_values( $rows ) );
		// One C-level sort instead of a PHP comparison callback (tens of thousands of rows): by value in the
		// requested direction, then always by key (case-insensitive, then exact) and original position, ascending.
		array_multisort(
			$known,
			$dir,
			SORT_NUMERIC,
			$values,
			$dir,
			$numeric ? SORT_NUMERIC : SORT_STRING,
			$lower,
			SORT_ASC,
			SORT_STRING,
			$keys,
			SORT_ASC,
			SORT_STRING,
			$index,
			SORT_ASC,
			SORT_NUMERIC
		);
		return $index;
	}

	/**
	 * One page (1-based); beyond the end is an empty page.
	 *
	 * @param array<int,array<string,mixed>> $rows
	 * @return array<int,array<string,mixed>>
	 */
	public static function page( array $rows, int $page, int $per_page ): array {
		$per_page = max( 1, $per_page );
		$offset   = ( max( 1, $page ) - 1 ) * $per_page;
		if ( $offset >= count( $rows ) ) {
			return array();
		}
		return array_slice( $rows, $offset, $per_page );
	}

	public static function total_pages( int $total, int $per_page ): int {
		return (int) ceil( $total / max( 1, $per_page ) );
	}

	/**
	 * @param array<string,mixed> $row
	 */
	private static function matches( array $row, string $needle ): bool {
		foreach ( array( $row['key'], $row['customer']['name'] ?? null, $row['customer']['email'] ?? null ) as $hay ) {
			if ( null !== $hay && '' !== $hay && false !== strpos( self::lower( (string) $hay ), $needle ) ) {
				return true;
			}
		}
		return false;
	}

	private static function lower( string $text ): string {
		return function_exists( 'mb_strtolower' ) ? mb_strtolower( $text, 'UTF-8' ) : strtolower( $text );
	}

	/**
	 * @param array<string,mixed> $row
	 * @return mixed null, int, float or string
	 */
	private static function sort_value( array $row, string $orderby ) {
		switch ( $orderby ) {
			case 'key':
				return self::lower( (string) $row['key'] );
			case 'customer':
				$name  = (string) ( $row['customer']['name'] ?? '' );
				$email = (string) ( $row['customer']['email'] ?? '' );
				return '' === $name && '' === $email ? null : self::lower( $name ) . "\0" . self::lower( $email );
			case 'created':
			case 'expires':
				$value = $row[ $orderby ];
				return null === $value ? null : (string) $value; // ISO 8601 UTC, one format: sorts as text.
			case 'item_count':
				return null === $row['item_count'] ? null : (float) $row['item_count'];
			case 'total':
				return null === $row['total'] ? null : (float) $row['total'];
			case 'status':
				return self::STATUS_RANK[ $row['status'] ] ?? 3;
			case 'source':
				return self::lower( (string) $row['source'] );
		}
		return null;
	}
}
