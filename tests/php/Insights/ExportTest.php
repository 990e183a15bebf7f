<?php
/**
 * GET cart-sessions/v1/export: the CSV of a filtered set against the store double — rows equal the table's,
 * the filter and sort are the browser's, spreadsheet formulas are neutralised, 10,000 carts stream over real HTTP
 * with the browser's cookie and _wpnonce, a subscriber is refused, and the secret never appears.
 */

declare(strict_types=1);

require_once __DIR__ . '/InsightsTestCase.php';

use CartSessions\Credentials\Settings;
use CartSessions\Insights\CsvExport;
use CartSessions\Sessions\DetailCache;
use CoCartDouble\CartData;
use CoCartDouble\Catalogue;
use CoCartDouble\Control;
use CoCartDouble\Schema as DoubleSchema;

final class ExportTest extends InsightsTestCase {

	/**
	 * The export in-process: the response's headers and the CSV its CsvExport writes.
	 *
	 * @param array<string,mixed> $args
	 * @return array{0:array<string,string>,1:array<int,array<int,string>>}
	 */
	private function export( array $args = array() ): array {
		$response = $this->call( 'GET', 'export', $args );
		$this->assertSame( 200, $response->get_status(), (string) wp_json_encode( $response->get_data() ) );
		$csv = $response->get_data();
		$this->assertInstanceOf( CsvExport::class, $csv );
		$out = fopen( 'php://memory', 'w+b' );
		$csv->send( $out );
		rewind( $out );
		$text = (string) stream_get_contents( $out );
		fclose( $out );
		$this->assertStringStartsWith( "\xEF\xBB\xBF", $text );
		$this->assertStringNotContainsString( $this->key['consumer_secret'], $text );
		return array( $response->get_headers(), self::parse( substr( $text, 3 ) ) );
	}

	/**
	 * @return array<int,array<int,string>>
	 */
	private static function parse( string $text ): array {
		$rows = array();
		$fh   = fopen( 'php://memory', 'w+b' );
		fwrite( $fh, $text );
		rewind( $fh );
		while ( false !== ( $row = fgetcsv( $fh, 0, ',', '"', '' ) ) ) {
			$rows[] = $row;
		}
		fclose( $fh );
		return $rows;
	}

	public function test_rows_equal_the_tables_carts_for_the_browsers_filter_and_sort(): void {
		$this->connect();
		Control::seed( 150, 21 );
		$this->nudge_off_boundaries();
		list( $headers, $rows ) = $this->export( array( 'status' => 'expired', 'orderby' => 'key', 'order' => 'asc' ) );
		$this->assertSame( 'text/csv; charset=utf-8', $headers['Content-Type'] );
		$this->assertSame(
			'attachment; filename="cart-sessions-' . wp_date( 'Y-m-d' ) . '.csv"',
			$headers['Content-Disposition']
		);
		$this->assertSame(
			array(
				'Cart key',
				'Customer name',
				'Email',
				'Items',
				'Total',
				'Currency',
				'Created (UTC)',
				'Expires (UTC)',
				'Status',
				'Source',
				'Restore link',
			),
			$rows[0]
		);

		$now  = time();
		$want = array();
		foreach ( $this->table() as $key => $cart ) {
			if ( $cart['expiry'] <= $now ) {
				$want[ (string) $key ] = $cart;
			}
		}
		$body = array_slice( $rows, 1 );
		$keys = array_column( $body, 0 );
		$sorted = array_map( 'strval', array_keys( $want ) );
		usort(
			$sorted,
			static function ( string $a, string $b ): int { return strcasecmp( $a, $b ) ?: strcmp( $a, $b ); }
		);
		$this->assertSame( $sorted, $keys, 'exactly the expired carts, by key' );
		foreach ( $body as $row ) {
			$cart = $want[ $row[0] ];
			$this->assertSame( CsvExport::neutralise( $cart['name'] ), $row[1] );
			$this->assertSame( CsvExport::neutralise( $cart['email'] ), $row[2] );
			$this->assertSame( (string) $cart['item_count'], $row[3] );
			$this->assertSame( $cart['total'], $row[4] );
			$this->assertSame( 'GBP', $row[5] );
			$this->assertSame( $cart['created'] > 0 ? gmdate( 'Y-m-d\TH:i:s\Z', $cart['created'] ) : '', $row[6] );
			$this->assertSame( gmdate( 'Y-m-d\TH:i:s\Z', $cart['expiry'] ), $row[7] );
			$this->assertSame( 'expired', $row[8] );
			$this->assertSame( $cart['source'], $row[9] );
		}

		// has_items (needs each cart's detail) and source, sorted by total.
		list( , $rows ) = $this->export(
			array( 'has_items' => 'no', 'source' => 'woocommerce', 'orderby' => 'total' )
		);
		$want = array();
		foreach ( $this->table() as $key => $cart ) {
			// phpcs:ignore Universal.Operators.StrictComparisons
			if ( 0 == $cart['item_count'] && 'woocommerce' === $cart['source'] ) {
				$want[] = (string) $key;
			}
		}
		$got = array_column( array_slice( $rows, 1 ), 0 );
		sort( $want );
		sort( $got );
		$this->assertNotEmpty( $want );
		$this->assertSame( $want, $got );

		// Search, as the browser's.
		$email = '';
		foreach ( $this->table() as $cart ) {
			if ( 0 === strpos( $cart['email'], 'customer' ) ) {
				$email = $cart['email'];
				break;
			}
		}
		list( , $rows ) = $this->export( array( 'search' => strtoupper( $email ) ) );
		$this->assertContains( $email, array_column( array_slice( $rows, 1 ), 2 ) );
	}

	public function test_spreadsheet_formulas_are_neutralised(): void {
		$this->connect();
		$payloads = array(
			'k_eq'    => array( '=HYPERLINK("http://evil.example","x")', '=1+1@example.com' ),
			'k_plus'  => array( '+SUM(A1:A9)', '+1@example.com' ),
			'k_minus' => array( '-2+3', 'a@example.com' ),
			'k_at'    => array( '@SUM(1)', '@x.example' ),
			'k_tab'   => array( "\t=1", 'b@example.com' ),
			'k_cr'    => array( "\r=1", 'c@example.com' ),
			'k_plain' => array( 'Jane Doe', 'jane@example.com' ),
		);
		foreach ( $payloads as $key => list( $name, $email ) ) {
			$this->put_cart(
				$key,
				$this->session( array( array( 16, 1 ) ), array( 'first_name' => $name, 'email' => $email ) ),
				time() - 60,
				time() + DAY_IN_SECONDS
			);
		}
		list( , $rows ) = $this->export( array( 'orderby' => 'key', 'order' => 'asc' ) );
		$by_key = array();
		foreach ( array_slice( $rows, 1 ) as $row ) {
			$by_key[ $row[0] ] = $row;
		}
		foreach ( $payloads as $key => list( $name, $email ) ) {
			$shown = trim( $name ); // The list trims names (CoCart joins first and last name with a space).
			$this->assertArrayHasKey( $key, $by_key );
			if ( 'k_plain' === $key ) {
				$this->assertSame( 'Jane Doe', $by_key[ $key ][1] );
				$this->assertSame( 'jane@example.com', $by_key[ $key ][2] );
				continue;
			}
			foreach ( array( $by_key[ $key ][1], $by_key[ $key ][2] ) as $cell ) {
				$this->assertFalse(
					in_array( $cell[0] ?? '', array( '=', '+', '-', '@', "\t", "\r" ), true ),
					"$key: " . wp_json_encode( $cell )
				);
			}
			$this->assertSame( "'" . ltrim( $shown, "'" ), $by_key[ $key ][1], 'the name, as text' );
		}
		$this->assertSame( "'=HYPERLINK(\"http://evil.example\",\"x\")", $by_key['k_eq'][1] );
		$this->assertSame( "'+SUM(A1:A9)", $by_key['k_plus'][1] );
		$this->assertSame( "'-2+3", $by_key['k_minus'][1] );
		$this->assertSame( "'@SUM(1)", $by_key['k_at'][1] );
		$this->assertSame( "'@x.example", $by_key['k_at'][2] );
		$this->assertSame( "'=1+1@example.com", $by_key['k_eq'][2] );
		foreach ( array( '=x', '+x', '-x', '@x', "\tx", "\rx" ) as $cell ) {
			$this->assertSame( "'" . $cell, CsvExport::neutralise( $cell ) );
		}
		$this->assertSame( 'x=1', CsvExport::neutralise( 'x=1' ) );
		$this->assertSame( 'Jane -Doe', CsvExport::neutralise( 'Jane -Doe' ) );
	}

	public function test_formulas_hidden_behind_whitespace_a_line_feed_or_full_width_signs_are_neutralised(): void {
		$cells = array(
			' =1+1',
			"  \t+SUM(A1)",
			"\n=cmd|' /C calc'!A0",
			"\n@x",
			' -2',
			"\u{00A0}=1",
			"\u{3000}=1",
			'＝1+1',
			'＋SUM(A1)',
			'－2',
			'＠SUM(1)',
			' ＝HYPERLINK("x")',
		);
		foreach ( $cells as $cell ) {
			$this->assertSame( "'" . $cell, CsvExport::neutralise( $cell ), (string) wp_json_encode( $cell ) );
		}
		$this->assertSame(
			"'" . " =1\xff",
			CsvExport::neutralise( " =1\xff" ),
			'not UTF-8: still judged after the whitespace'
		);
		$this->assertSame( ' Jane', CsvExport::neutralise( ' Jane' ) );
		$this->assertSame( '', CsvExport::neutralise( '' ) );
	}

	public function test_bad_input_is_a_400_naming_the_field_and_a_subscriber_is_refused(): void {
		$this->connect();
		$bads = array(
			'status'    => 'gone',
			'source'    => 'evil',
			'has_items' => 'maybe',
			'orderby'   => 'cart_value',
			'order'     => 'sideways',
			'search'    => str_repeat( 'x', 10240 ),
		);
		foreach ( $bads as $field => $bad ) {
			$r = $this->call( 'GET', 'export', array( $field => $bad ) );
			$this->assertSame( 400, $r->get_status(), $field );
			$this->assertArrayHasKey( $field, $r->get_data()['data']['params'] );
		}
		$this->assertSame( array(), $this->upstream, 'nothing reached the store' );
		wp_set_current_user( $this->make_user( 'subscriber' ) );
		$r = $this->call( 'GET', 'export' );
		$this->assertSame( 403, $r->get_status() );
		$this->assertNotInstanceOf( CsvExport::class, $r->get_data() );
	}

	/**
	 * @param string[] $headers
	 * @return array{0:int,1:string,2:array<string,string>,3:float}
	 */
	private function curl( string $method, string $url, ?string $post = null, array $headers = array() ): array {
		$ch       = curl_init( $url );
		$received = array();
		$first    = 0.0;
		$started  = microtime( true );
		$body     = '';
		curl_setopt_array(
			$ch,
			array(
				CURLOPT_CUSTOMREQUEST  => $method,
				CURLOPT_COOKIEJAR      => $this->cookie_jar(),
				CURLOPT_COOKIEFILE     => $this->cookie_jar(),
				CURLOPT_HTTPHEADER     => $headers,
				CURLOPT_TIMEOUT        => 600,
				CURLOPT_HEADERFUNCTION => static function ( $ch, string $line ) use ( &$received ): int {
					if ( false !== strpos( $line, ':' ) ) {
						list( $name, $value )              = explode( ':', $line, 2 );
						$received[ strtolower( $name ) ] = trim( $value );
					}
					return strlen( $line );
				},
				CURLOPT_WRITEFUNCTION  => static function ( $ch, string $chunk ) use (
					&$body,
					&$first,
					$started
				): int {
					if ( '' === $body ) {
						$first = microtime( true ) - $started;
					}
					$body .= $chunk;
					return strlen( $chunk );
				},
			)
		);
		if ( null !== $post ) {
			curl_setopt( $ch, CURLOPT_POSTFIELDS, $post );
		}
		curl_exec( $ch );
		$status = (int) curl_getinfo( $ch, CURLINFO_RESPONSE_CODE );
		curl_close( $ch );
		return array( $status, $body, $received, $first );
	}

	/**
	 * Puts every cart's detail in the (key, expiry) cache, as the Overview's scan leaves it — what the store's
	 * single route would answer, computed from the double's table. (A cold export fetches them as it goes, see
	 * the test above; 10,000 of them take minutes on a shared test machine.)
	 */
	private function cache_details_as_after_a_scan(): void {
		global $wpdb;
		$cache = DetailCache::for_store( ( new Settings() )->store_url() );
		foreach (
			(array) $wpdb->get_results(
				'SELECT cart_key, cart_value, cart_expiry FROM ' . DoubleSchema::carts_table(),
				ARRAY_A
			) as $row
		) {
			$session = CartData::read( (string) $row['cart_value'] ) ?? array();
			$lines   = array();
			$count   = 0;
			foreach ( (array) ( $session['cart_cache'] ?? $session['cart'] ?? array() ) as $item ) {
				$id      = (int) ( $item['variation_id'] ?: $item['product_id'] );
				$lines[] = array(
					$id,
					Catalogue::get( $id )['name'],
					$item['quantity'],
					number_format( (float) $item['line_total'], 2, '.', '' ),
				);
				$count  += $item['quantity'];
			}
			$cache->put(
				(string) $row['cart_key'],
				gmdate( 'Y-m-d\TH:i:s\Z', (int) $row['cart_expiry'] ),
				$count,
				number_format( (float) ( $session['cart_totals']['total'] ?? 0 ), 2, '.', '' ),
				(string) wp_json_encode( $lines )
			);
		}
		$cache->save();
	}

	public function test_ten_thousand_carts_stream_over_http_with_the_browsers_cookie_and_nonce(): void {
		$this->connect();
		Control::seed( 10000, 4 );
		$this->cache_details_as_after_a_scan();
		$nonce = $this->log_in_browser();

		// Without the nonce the cookie does not count: refused, as JSON.
		list( $status, $body ) = $this->curl( 'GET', self::HTTP . '/wp-json/cart-sessions/v1/export' );
		$this->assertSame( 403, $status, $body );
		$this->assertSame( 'rest_cookie_invalid_nonce', json_decode( $body, true )['code'] ?? null );

		$started                                 = microtime( true );
		list( $status, $body, $headers, $first ) = $this->curl(
			'GET',
			self::HTTP . '/wp-json/cart-sessions/v1/export?_wpnonce=' . rawurlencode(
				$nonce
			) . '&orderby=key&order=asc'
		);
		$elapsed                                 = microtime( true ) - $started;
		$this->assertSame( 200, $status, substr( $body, 0, 500 ) );
		$this->assertStringStartsWith( 'text/csv', $headers['content-type'] ?? '' );
		$this->assertStringContainsString(
			'attachment; filename="cart-sessions-',
			$headers['content-disposition'] ?? ''
		);
		$this->assertArrayNotHasKey( 'content-length', $headers, 'streamed, not buffered' );
		$rows = self::parse( substr( $body, 3 ) );
		$keys     = array_column( array_slice( $rows, 1 ), 0 );
		$customer = array_diff(
			array_map( 'strval', array_keys( $this->table() ) ),
			array( (string) $this->key['user_id'] )
		);
		$this->assertCount( 10000, $customer );
		$this->assertSame( array(), array_values( array_diff( $customer, $keys ) ), 'every seeded cart' );
		$this->assertSame(
			array(),
			array_values( array_diff( $keys, array_map( 'strval', array_keys( $this->table() ) ) ) ),
			'nothing else'
		);
		$this->assertSame( count( $keys ), count( array_unique( $keys ) ) );
		$this->assertStringNotContainsString( $this->key['consumer_secret'], $body );
		$with_total = count(
			array_filter( array_slice( $rows, 1 ), static function ( array $r ): bool { return '' !== $r[4]; } )
		);
		$this->assertGreaterThanOrEqual( 10000, $with_total, 'items and totals for every customer cart' );
		$table = $this->table();
		$this->assertSame( $table[ $keys[0] ]['total'], $rows[1][4] );
		$this->assertSame( $table[ $keys[9999] ]['total'], $rows[10000][4] );
		fwrite(
			STDERR,
			sprintf(
				"\n[export] 10,000 carts (details cached): first byte after %.2f s, all %d bytes after %.2f s\n",
				$first,
				strlen( $body ),
				$elapsed
			)
		);
	}
}
