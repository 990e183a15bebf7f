<?php
/**
 * Search, filter, sort and page normalised session rows in memory (CoCart's list has no paging:
 * docs/cocart-api.md#routes). Pure: no
 * I/O, no WordPress state, so the list route, the bulk delete by filter and the tests share one definition of
 * "matches".
 *
 *  - search: case-insensitive substring of the key, the customer's name or email;
 *  - status: any of active | expiring | expired (a list; "live" is active + expiring);
 *  - source: cocart | woocommerce | other (anything else, including '');
 *  - has_items: yes (item_count > 0) | no (item_count = 0); a row whose count is unknown (null) matches neither;
 *  - has_email: yes (the customer left an email, so the cart can be followed up) | no (a guest without one);
 *  - expires_before: ISO 8601 UTC; only carts that expire at or before it (expired ones too: combine with status);
 *  - product: a product ID; only carts holding it (needs the detail, as has_items does).
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
	public const HAS_EMAIL = array( 'yes', 'no' );
	/** The Expires filter's presets, in days from now ("expires within 7 days"). */
	public const EXPIRES_WITHIN = array( 1, 7, 30, 90 );
	/** Carts not expired yet: what a store manager can still win back. */
	public const LIVE = array( 'active', 'expiring' );
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
	public const FILTERS   = array(
		'search',
		'status',
		'source',
		'has_items',
		'has_email',
		'expires_before',
		'product',
	);

	private const STATUS_RANK = array(
		'active'   => 0,
		'expiring' => 1,
		'expired'  => 2,
	);

	/**
	 * A filter in the one shape filter() reads, from request arguments (GET sessions, the export, the bulk delete's
	 * filter): status as a list (a comma list or an array; every status = no condition), expires_within (days,
	 * one of EXPIRES_WITHIN) turned into expires_before against $now, the rest as text or a number.
	 *
	 * @param array<string,mixed> $args
	 * @return array{search:string,status:string[],source:string,has_items:string,has_email:string,expires_before:string,product:int}
	 */
	public static function filter_of( array $args, ?int $now = null ): array {
		$status = $args['status'] ?? array();
		$status = is_array( $status ) ? $status : explode( ',', (string) $status );
		$status = array_values( array_intersect( self::STATUSES, array_map( 'strval', $status ) ) );
		$before = (string) ( $args['expires_before'] ?? '' );
		$within = (int) ( $args['expires_within'] ?? 0 );
		if ( $within > 0 ) {
			$before = gmdate( Normaliser::DATE_FORMAT, ( $now ?? time() ) + $within * DAY_IN_SECONDS );
		}
		return array(
			'search'         => (string) ( $args['search'] ?? '' ),
			'status'         => count( $status ) === count( self::STATUSES ) ? array() : $status,
			'source'         => (string) ( $args['source'] ?? '' ),
			'has_items'      => (string) ( $args['has_items'] ?? '' ),
			'has_email'      => (string) ( $args['has_email'] ?? '' ),
			'expires_before' => $before,
			'product'        => max( 0, (int) ( $args['product'] ?? 0 ) ),
		);
	}

	/**
	 * Whether a filter (filter_of()'s shape) narrows anything: an empty one matches every cart.
	 *
	 * @param array<string,mixed> $filter
	 */
	public static function narrows( array $filter ): bool {
		return '' !== trim( (string) $filter['search'] ) || array() !== $filter['status'] || '' !== $filter['source']
			|| '' !== $filter['has_items'] || '' !== $filter['has_email'] || '' !== $filter['expires_before']
			|| 0 !== $filter['product'];
	}

	/**
	 * The part of a filter that the list alone answers: without the conditions that need each cart's detail.
	 *
	 * @param array<string,mixed> $filter
	 * @return array<string,mixed>
	 */
	public static function without_details( array $filter ): array {
		return array(
			'has_items' => '',
			'product'   => 0,
		) + $filter;
	}

	/**
	 * The rows that match a filter (filter_of()'s shape; a missing or empty condition = any).
	 *
	 * @param array<int,array<string,mixed>> $rows
	 * @param array<string,mixed>            $filter
	 * @return array<int,array<string,mixed>>
	 */
	public static function filter( array $rows, array $filter ): array {
		$search    = self::lower( trim( (string) ( $filter['search'] ?? '' ) ) );
		$status    = $filter['status'] ?? array();
		$status    = is_array( $status ) ? $status : ( '' === $status ? array() : array( (string) $status ) );
		$source    = (string) ( $filter['source'] ?? '' );
		$has_items = (string) ( $filter['has_items'] ?? '' );
		$has_email = (string) ( $filter['has_email'] ?? '' );
		$before    = (string) ( $filter['expires_before'] ?? '' );
		$product   = (int) ( $filter['product'] ?? 0 );
		$out       = array();
		foreach ( $rows as $row ) {
			if ( array() !== $status && ! in_array( $row['status'], $status, true ) ) {
				continue;
			}
			if ( '' !== $source && $source !== self::source_group( (string) $row['source'] ) ) {
				continue;
			}
			if ( '' !== $has_email && ( 'yes' === $has_email ) !== self::has_email( $row ) ) {
				continue;
			}
			// Our dates are ISO 8601 UTC in one format: they compare as text.
			if ( '' !== $before && ( null === $row['expires'] || strcmp( (string) $row['expires'], $before ) > 0 ) ) {
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
			if ( 0 !== $product && ! self::holds( $row, $product ) ) {
				continue;
			}
			if ( '' !== $search && ! self::matches( $row, $search ) ) {
				continue;
			}
			$out[] = $row;
		}
		return $out;
	}

	/**
	 * @param array<string,mixed> $row
	 */
	private static function has_email( array $row ): bool {
		return '' !== trim( (string) ( $row['customer']['email'] ?? '' ) );
	}

	/**
	 * Whether the cart holds the product, by its cached product lines (unknown detail: no).
	 *
	 * @param array<string,mixed> $row
	 */
	private static function holds( array $row, int $product ): bool {
		foreach ( DetailCache::decode_lines( $row['products'] ?? null ) as $line ) {
			if ( (int) $line[0] === $product ) {
				return true;
			}
		}
		return false;
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
			|| 0 !== (int) ( $filter['product'] ?? 0 )
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
