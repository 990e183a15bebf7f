<?php
/**
 * Faults and costs, switched per test with CoCartDouble\Control::set_faults().
 */

declare(strict_types=1);

require_once __DIR__ . '/DoubleTestCase.php';

use CoCartDouble\Control;

final class FaultsTest extends DoubleTestCase {

	private function list( array $key, array $o = array() ): HttpResult {
		return $this->api( 'GET', 'cocart/v2/sessions', $key, $o );
	}

	public function test_unknown_fault_settings_are_refused(): void {
		$this->expectException( InvalidArgumentException::class );
		Control::set_faults( array( 'fault' => '418' ) );
	}

	public function test_the_store_counts_each_http_request_it_serves_by_kind_faulty_ones_too(): void {
		$key = $this->make_key();
		$this->put_cart( 'abc', $this->session() );
		$this->list( $key );
		$this->list( $key );
		$this->api( 'GET', 'cocart/v2/session/abc', $key );
		Control::set_faults( array( 'fault' => '503', 'routes' => array( 'list' ), 'times' => 1 ) );
		$this->assertSame( 503, $this->list( $key )->status );
		$counted = Control::requests();
		$this->assertSame( 3, $counted['list'] );
		$this->assertSame( 1, $counted['single'] );
		$this->assertSame( 0, $counted['delete'] );
		Control::reset();
		$this->assertSame( 0, Control::requests()['list'] );
	}

	public function test_latency_is_added(): void {
		$key = $this->make_key();
		$this->put_cart( 'abc', $this->session() );
		Control::set_faults( array( 'latency_ms' => 300 ) );
		$r = $this->list( $key );
		$this->assertSame( 200, $r->status );
		$this->assertGreaterThanOrEqual( 0.3, $r->elapsed );
	}

	public function test_cost_mode_burns_cpu_per_request(): void {
		$key = $this->make_key();
		$this->put_cart( 'abc', $this->session() );
		$plain = $this->list( $key )->elapsed;
		Control::set_faults( array( 'cost_ms' => 60 ) );
		$costly = $this->list( $key );
		$this->assertSame( 200, $costly->status );
		$this->assertGreaterThanOrEqual( 0.06, $costly->elapsed );
		fwrite(
			STDERR,
			sprintf(
				"\n[cost mode] list without cost %.0f ms, with cost_ms=60 %.0f ms\n",
				1000 * $plain,
				1000 * $costly->elapsed
			)
		);
	}

	public function test_429_with_retry_after_and_nothing_done(): void {
		$key = $this->make_key();
		$this->put_cart( 'abc', $this->session() );
		Control::set_faults( array( 'fault' => '429', 'retry_after' => 7 ) );
		$r = $this->api( 'DELETE', 'cocart/v2/session/abc', $key );
		$this->assertSame( 429, $r->status );
		$this->assertSame( '7', $r->header( 'Retry-After' ) );
		$this->assertNull( $r->json );
		$this->assertNotNull( $this->row( 'abc' ), 'rejected before WordPress ran the request' );
	}

	public function status_faults(): array {
		return array(
			'500' => array( '500', 'There has been a critical error on this website.' ),
			'502' => array( '502', '502 Bad Gateway' ),
			'503' => array( '503', 'Briefly unavailable for scheduled maintenance.' ),
		);
	}

	/**
	 * @dataProvider status_faults
	 */
	public function test_server_errors_answer_with_html_pages( string $fault, string $text ): void {
		$key = $this->make_key();
		$this->put_cart( 'abc', $this->session() );
		Control::set_faults( array( 'fault' => $fault ) );
		$r = $this->list( $key );
		$this->assertSame( (int) $fault, $r->status );
		$this->assertStringStartsWith( 'text/html', (string) $r->header( 'Content-Type' ) );
		$this->assertStringContainsString( $text, $r->body );
		if ( '503' === $fault ) {
			$this->assertSame( '30', $r->header( 'Retry-After' ) );
		}
	}

	public function test_hang_holds_the_connection_until_the_client_gives_up(): void {
		$key = $this->make_key();
		$this->put_cart( 'abc', $this->session() );
		Control::set_faults( array( 'fault' => 'hang', 'hang_seconds' => 2 ) );
		$r = $this->list( $key, array( 'timeout' => 0.7 ) );
		$this->assertSame( 28, $r->errno, 'curl: operation timed out' );
		$this->assertSame( 0, $r->status );
		sleep( 2 ); // Let the worker finish its hang before the next test needs it.
	}

	public function test_html_page_instead_of_json(): void {
		$key = $this->make_key();
		$this->put_cart( 'abc', $this->session() );
		Control::set_faults( array( 'fault' => 'html' ) );
		$r = $this->list( $key );
		$this->assertSame( 200, $r->status );
		$this->assertStringStartsWith( 'text/html', (string) $r->header( 'Content-Type' ) );
		$this->assertStringStartsWith( '<!DOCTYPE html>', $r->body );
		$this->assertNull( $r->json );
	}

	public function test_truncated_json(): void {
		$key = $this->make_key();
		$this->put_cart( 'abc', $this->session() );
		$this->put_cart( 'def', $this->session() );
		$full = $this->list( $key )->body;
		Control::set_faults( array( 'fault' => 'truncated' ) );
		$r = $this->list( $key );
		$this->assertSame( 200, $r->status );
		$this->assertStringStartsWith( 'application/json', (string) $r->header( 'Content-Type' ) );
		$this->assertNull( $r->json );
		$this->assertSame( substr( $full, 0, strlen( $r->body ) ), $r->body, 'a prefix of the real answer' );
		$this->assertLessThan( strlen( $full ), strlen( $r->body ) );
	}

	public function test_php_warnings_before_the_json(): void {
		$key = $this->make_key();
		$this->put_cart( 'abc', $this->session() );
		Control::set_faults( array( 'fault' => 'warnings' ) );
		$r = $this->list( $key );
		$this->assertSame( 200, $r->status );
		$this->assertStringStartsWith( "<br />\n<b>Warning</b>", $r->body );
		$this->assertStringContainsString( 'Undefined array key', $r->body );
		$this->assertNull( $r->json );
		$json = json_decode( substr( $r->body, (int) strpos( $r->body, '[{' ) ), true );
		$this->assertContains( 'abc', array_column( (array) $json, 'cart_key' ), 'the JSON follows the warnings' );
	}

	public function test_times_limits_a_fault_to_the_next_n_requests(): void {
		$key = $this->make_key();
		$this->put_cart( 'abc', $this->session() );
		Control::set_faults( array( 'fault' => '503', 'times' => 2 ) );
		$this->assertSame( 503, $this->list( $key )->status );
		$this->assertSame( 503, $this->list( $key )->status );
		$this->assertSame( 200, $this->list( $key )->status );
	}

	public function test_routes_limit_where_faults_apply(): void {
		$key = $this->make_key();
		$this->put_cart( 'abc', $this->session() );
		Control::set_faults( array( 'fault' => '502', 'routes' => array( 'single' ) ) );
		$this->assertSame( 200, $this->list( $key )->status );
		$this->assertSame( 502, $this->api( 'GET', 'cocart/v2/session/abc', $key )->status );
		$this->assertSame( 200, $this->api( 'GET', 'wc/v3/system_status', $key )->status );
	}

	public function test_list_runs_out_of_memory_above_the_configured_cart_count(): void {
		$key = $this->make_key();
		foreach ( array( 'a', 'b', 'c' ) as $cart ) {
			$this->put_cart( $cart, $this->session() );
		}
		Control::set_faults( array( 'list_oom_above' => 3 ) );
		$this->assertSame( 200, $this->list( $key )->status, '3 carts: fine (the owner row comes after this request)' );
		$r = $this->list( $key ); // Now 4 rows.
		$this->assertSame( 500, $r->status );
		$this->assertStringStartsWith( 'text/html', (string) $r->header( 'Content-Type' ) );
		$this->assertStringContainsString( 'There has been a critical error on this website.', $r->body );
		// Counts without the list still work (docs/cocart-api.md#measured).
		$this->assertSame( '4', $this->api( 'GET', 'wc/v3/system_status', $key )->json['cocart']['carts_in_session'] );
	}

	public function test_default_memory_limit_is_that_of_a_128m_store(): void {
		$this->assertSame( 12400, Control::faults()['list_oom_above'] );
		$this->assertNull( Control::faults()['fault'] );
	}
}
