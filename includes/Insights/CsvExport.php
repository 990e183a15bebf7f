<?php
/**
 * A CSV of carts (GET export), written row by row to a stream — php://output for the download — in chunks that
 * are flushed as they go, so 10,000 carts never sit in one buffer and the browser sees bytes from the first
 * chunk on.
 *
 * Columns: key, customer name, email, items, total, currency, created, expires, status, source, restore link (a
 * link that puts the cart back in the shopper's browser: Sessions\RestoreLink; empty when there is none). Items and
 * total come from the (key, expiry) DetailCache; a chunk's uncached details are fetched just before it is written
 * (Sessions\Store::DETAIL_CONCURRENCY at once). Sorting by items or total, or filtering by items or product, needs
 * the details first: sorting fetches all of them before the first row, those filters apply chunk by chunk. A cart
 * whose detail cannot be read has empty items and total cells.
 *
 * Spreadsheet formula injection: a cell starting with =, +, -, @, a tab or a carriage return gets a leading
 * apostrophe, so a spreadsheet shows it as text instead of running it (OWASP "CSV Injection").
 *
 * @package CartSessions
 */

declare(strict_types=1);

namespace CartSessions\Insights;

use CartSessions\Sessions\Query;
use CartSessions\Sessions\Service;

final class CsvExport {

	public const CHUNK = 250;

	/**
	 * A cell a spreadsheet may read as a formula: one that starts with a tab, CR or LF, or whose first character
	 * after leading whitespace (spreadsheets trim it) is = + - @ or their full-width forms ＝ ＋ － ＠.
	 */
	private const FORMULA = '/^(?:[\t\r\n]|[\s\x{00A0}\x{3000}]*[=+\-@\x{FF1D}\x{FF0B}\x{FF0D}\x{FF20}])/u';

	/** @var Service */
	private $service;

	/** @var array<string,array<string,mixed>> */
	private $rows;

	/** @var array<string,mixed> Query::filter_of()'s shape. */
	private $filter;

	/** @var string */
	private $orderby;

	/** @var string */
	private $order;

	/** @var string|null */
	private $currency;

	/** @var \CartSessions\Sessions\RestoreLink */
	private $links;

	/**
	 * @param array<string,array<string,mixed>> $rows   Service::all_rows()['rows'].
	 * @param array<string,mixed>               $filter The request's filter arguments (Query::filter_of()).
	 */
	public function __construct(
		Service $service,
		array $rows,
		array $filter,
		string $orderby,
		string $order,
		?string $currency
	) {
		$this->service  = $service;
		$this->rows     = $rows;
		$this->filter   = Query::filter_of( $filter );
		$this->orderby  = $orderby;
		$this->order    = $order;
		$this->currency = $currency;
		$this->links    = $service->restore_links();
	}

	/**
	 * The download's file name, with the site's date: cart-sessions-2025-03-14.csv.
	 */
	public static function filename(): string {
		return 'cart-sessions-' . wp_date( 'Y-m-d' ) . '.csv';
	}

	/**
	 * Writes the CSV to $out; returns the number of carts written.
	 *
	 * @param resource $out
	 */
	public function send( $out ): int {
		$by_detail  = Query::needs_details( $this->filter );
		$rows       = Query::filter( $this->rows, Query::without_details( $this->filter ) );
		$this->rows = array(); // The filtered copy is all that is needed from here on.
		if ( in_array( $this->orderby, array( 'item_count', 'total' ), true ) ) {
			$rows = $this->with_details( $rows, true );
		}
		$rows = Query::sort( $rows, $this->orderby, $this->order );

		fwrite( $out, "\xEF\xBB\xBF" ); // UTF-8 byte order mark: spreadsheets then read names in any script correctly.
		self::put( $out, self::header() );
		$written = 0;
		foreach ( array_chunk( $rows, self::CHUNK ) as $chunk ) {
			foreach ( $this->links->add( $this->with_details( $chunk, false ) ) as $row ) {
				if ( $by_detail && array() === Query::filter( array( $row ), $this->filter ) ) {
					continue; // Items or product: known only now that the detail is.
				}
				self::put( $out, $this->cells( $row ) );
				++$written;
			}
			fflush( $out );
			if ( function_exists( 'flush' ) ) {
				flush();
			}
		}
		return $written;
	}

	/**
	 * The rows with their details, fetching the uncached ones (chunk by chunk, each with a fresh time limit).
	 *
	 * @param array<int,array<string,mixed>> $rows
	 * @return array<int,array<string,mixed>>
	 */
	private function with_details( array $rows, bool $all ): array {
		$by_key = array();
		foreach ( $rows as $row ) {
			$by_key[ (string) $row['key'] ] = $row;
		}
		$missing = array();
		foreach ( $by_key as $key => $row ) {
			if ( null === $row['item_count'] && null === $row['detail_error'] && ! $row['is_key_owner'] ) {
				$missing[] = (string) $key;
			}
		}
		foreach ( array_chunk( $missing, $all ? self::CHUNK : max( 1, count( $missing ) ) ) as $keys ) {
			self::extend_time_limit();
			$this->service->fetch_details( $by_key, $keys, null );
			gc_collect_cycles(); // The HTTP library's cyclic garbage, ~17 KB a request: keep memory flat.
		}
		return array_values( $by_key );
	}

	/**
	 * @return string[]
	 */
	private static function header(): array {
		return array(
			__( 'Cart key', 'cart-sessions-for-cocart' ),
			__( 'Customer name', 'cart-sessions-for-cocart' ),
			__( 'Email', 'cart-sessions-for-cocart' ),
			__( 'Items', 'cart-sessions-for-cocart' ),
			__( 'Total', 'cart-sessions-for-cocart' ),
			__( 'Currency', 'cart-sessions-for-cocart' ),
			__( 'Created (UTC)', 'cart-sessions-for-cocart' ),
			__( 'Expires (UTC)', 'cart-sessions-for-cocart' ),
			__( 'Status', 'cart-sessions-for-cocart' ),
			__( 'Source', 'cart-sessions-for-cocart' ),
			__( 'Restore link', 'cart-sessions-for-cocart' ),
		);
	}

	/**
	 * @param array<string,mixed> $row
	 * @return string[]
	 */
	private function cells( array $row ): array {
		$total = $row['total'];
		return array(
			(string) $row['key'],
			(string) ( $row['customer']['name'] ?? '' ),
			(string) ( $row['customer']['email'] ?? '' ),
			null === $row['item_count'] ? '' : (string) $row['item_count'],
			null === $total ? '' : (string) $total,
			null === $total ? '' : (string) ( $row['currency'] ?? $this->currency ?? '' ),
			(string) ( $row['created'] ?? '' ),
			(string) ( $row['expires'] ?? '' ),
			(string) $row['status'],
			(string) $row['source'],
			(string) ( $row['restore_link'] ?? '' ),
		);
	}

	/**
	 * A cell a spreadsheet will show as text: a leading apostrophe before a formula's first character.
	 */
	public static function neutralise( string $cell ): string {
		$formula = preg_match( self::FORMULA, $cell );
		if ( false === $formula ) {
			// Not UTF-8: judge the bytes after ASCII whitespace.
			$formula = (int) ( '' !== $cell
				&& ( in_array( $cell[0], array( "\t", "\r", "\n" ), true )
					|| in_array( substr( ltrim( $cell ), 0, 1 ), array( '=', '+', '-', '@' ), true ) ) );
		}
		return 1 === $formula ? "'" . $cell : $cell;
	}

	/**
	 * @param resource $out
	 * @param string[] $cells
	 */
	private static function put( $out, array $cells ): void {
		fputcsv( $out, array_map( array( self::class, 'neutralise' ), $cells ), ',', '"', '' );
	}

	/**
	 * A long export must not hit max_execution_time: each chunk gets a fresh minute where the host allows it.
	 */
	private static function extend_time_limit(): void {
		if ( function_exists( 'set_time_limit' )
			&& false === strpos( (string) ini_get( 'disable_functions' ), 'set_time_limit' ) ) {
			set_time_limit( 60 );
		}
	}
}
