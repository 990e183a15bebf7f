<?php
/**
 * Faults and costs, switched per site by Control::set_faults() (see Control::FAULT_DEFAULTS):
 *
 *  - every HTTP request of the store's routes is counted by kind (Control::requests()), before any fault.
 *  - cost_ms / latency_ms: CPU burnt / wall time added to every matching HTTP request, before authentication (the
 *    real store spends ~62 ms of CPU bootstrapping WordPress + WooCommerce + CoCart). An in-process call
 *    (rest_do_request()) costs inprocess_cost_ms of CPU in all instead (~1 ms on the real store: the double's own
 *    work counts towards it, only the rest is burnt) and gets no fault.
 *  - 429 (+ Retry-After), 502 and 503 (+ Retry-After) answer as a proxy or host would, before WordPress does
 *    anything (nothing is deleted); 500 is a genuine PHP fatal, so WordPress's own critical-error page answers.
 *  - hang: holds the connection hang_seconds, then closes it without a response.
 *  - share: only that share of the matching requests, at random, gets the fault (a flaky store).
 *  - html: 200 text/html (a host's interstitial page) instead of JSON.
 *  - truncated: the real JSON, cut in half (the request itself ran).
 *  - warnings: genuine PHP warnings printed before the JSON (display_errors on, as on a careless host).
 *  - list_oom_above: the list dies of memory above N rows — a genuine "Allowed memory size exhausted" fatal,
 *    so WordPress answers 500 with its HTML critical-error page (JSON if the client sent Accept: application/json).
 *    Over HTTP only: in-process the list takes the real list's memory in the caller's process, under its limit.
 *
 * @package CoCartDouble
 */

declare(strict_types=1);

namespace CoCartDouble;

final class Faults {

	/** @var string|null A fault to apply while serving the response. */
	private $pending = null;

	/** @var bool Whether this HTTP request has been counted (Control::requests()). */
	private $counted = false;

	/** @var bool Whether the request WordPress serves over HTTP has been dispatched (later ones are in-process). */
	private $served_dispatched = false;

	/** @var array<int,bool> spl_object_id() of each dispatched request => whether it is an in-process call. */
	private static $dispatched = array();

	/** @var bool[] For each handler callback running (nested calls stack up): whether it serves an in-process call. */
	private static $callbacks = array();

	/** @var array<int,float> spl_object_id() of each in-process call in cost mode => the CPU it may use up to, ms. */
	private static $inprocess_until = array();

	public function register(): void {
		add_filter( 'rest_authentication_errors', array( $this, 'before' ), -1000 );
		add_filter( 'rest_pre_serve_request', array( $this, 'serve' ), 1, 4 );
		add_filter( 'rest_pre_dispatch', array( $this, 'in_process' ), -1000, 3 );
		add_filter( 'rest_request_before_callbacks', array( self::class, 'callback_starts' ), -1000, 3 );
		add_filter( 'rest_request_after_callbacks', array( self::class, 'callback_ends' ), 1000, 3 );
	}

	/**
	 * @param mixed            $response
	 * @param array            $handler
	 * @param \WP_REST_Request $request
	 * @return mixed
	 */
	public static function callback_starts( $response, $handler, $request ) {
		self::$callbacks[] = is_object( $request ) && ! empty( self::$dispatched[ spl_object_id( $request ) ] );
		return $response;
	}

	/**
	 * Also tops an in-process call in cost mode up to inprocess_cost_ms of CPU, once its handler has run.
	 *
	 * @param mixed                 $response
	 * @param array                 $handler
	 * @param \WP_REST_Request|null $request
	 * @return mixed
	 */
	public static function callback_ends( $response, $handler = array(), $request = null ) {
		array_pop( self::$callbacks );
		$id = is_object( $request ) ? spl_object_id( $request ) : null;
		if ( null !== $id && isset( self::$inprocess_until[ $id ] ) ) {
			self::burn_cpu_until( self::$inprocess_until[ $id ] );
			unset( self::$inprocess_until[ $id ] );
		}
		return $response;
	}

	/**
	 * Whether the handler running now serves an in-process call (rest_do_request() from this WordPress).
	 */
	public static function serving_in_process(): bool {
		return (bool) end( self::$callbacks );
	}

	/**
	 * rest_pre_dispatch: a call made in-process (rest_do_request() from this WordPress — another route's handler,
	 * wp-admin, cron, the CLI) boots nothing, so it costs inprocess_cost_ms of CPU in all (measured on the real store:
	 * 0.98 ms a GET, 0.67 ms a DELETE, everything included) instead of cost_ms on top, and no latency or fault (no
	 * network, no proxy in between). The double's own work counts towards that cost: callback_ends() burns only the
	 * rest. Only while the cost mode is on (cost_ms > 0).
	 *
	 * @param mixed            $result
	 * @param \WP_REST_Server  $server
	 * @param \WP_REST_Request $request
	 * @return mixed
	 */
	public function in_process( $result, $server, $request ) {
		if ( null !== $result || ! $request instanceof \WP_REST_Request ) {
			return $result;
		}
		$in_process                                   = ! $this->is_served_request( $request );
		self::$dispatched[ spl_object_id( $request ) ] = $in_process;
		if ( ! $in_process ) {
			return $result;
		}
		$kind = self::route_kind_of( $request->get_route(), $request->get_method() );
		if ( null === $kind ) {
			return $result;
		}
		$faults = Control::faults();
		if (
			(int) $faults['cost_ms'] > 0
			&& (int) $faults['inprocess_cost_ms'] > 0
			&& self::applies( $faults, $kind )
		) {
			self::$inprocess_until[ spl_object_id( $request ) ] = self::cpu_ms() + (int) $faults['inprocess_cost_ms'];
		}
		return $result;
	}

	/**
	 * Whether this dispatch is the one WordPress serves over HTTP: the first dispatch of a REST request, on the
	 * route the request asked for. Any other (nested, or outside a REST request) is an in-process call.
	 */
	private function is_served_request( \WP_REST_Request $request ): bool {
		if ( $this->served_dispatched || ! ( defined( 'REST_REQUEST' ) && REST_REQUEST ) ) {
			return false;
		}
		if ( untrailingslashit( $request->get_route() ) !== untrailingslashit( self::served_route() ) ) {
			return false;
		}
		$this->served_dispatched = true;
		return true;
	}

	/**
	 * The REST route this HTTP request asked for ('' when it is not a REST request).
	 */
	private static function served_route(): string {
		if (
			isset( $GLOBALS['wp'] )
			&& is_object( $GLOBALS['wp'] )
			&& ! empty( $GLOBALS['wp']->query_vars['rest_route'] )
		) {
			return '/' . ltrim( (string) $GLOBALS['wp']->query_vars['rest_route'], '/' );
		}
		return '';
	}

	/**
	 * What kind of double request this HTTP request is, or null for anything else.
	 */
	public static function route_kind(): ?string {
		$method = isset( $_SERVER['REQUEST_METHOD'] ) ? strtoupper( (string) $_SERVER['REQUEST_METHOD'] ) : 'GET';
		return self::route_kind_of( self::served_route(), $method );
	}

	/**
	 * What kind of double route a route and method are, or null for anything else.
	 */
	public static function route_kind_of( string $route, string $method ): ?string {
		$method = strtoupper( $method );
		$map    = array(
			'#^/cocart/v2/sessions/?$#i'                => 'list',
			'#^/cocart/v2/sessions?/[^/]+/items/?$#i'   => 'items',
			'#^/cocart/v2/sessions?/[^/]+/?$#i'         => 'DELETE' === $method ? 'delete' : 'single',
			'#^/cocart/v2/store/?$#i'                   => 'store',
			'#^/wc/v3/system_status/?$#i'               => 'system_status',
			'#^/wc/v3/system_status/tools#i'            => 'tools',
			'#^/(cocart|wc)/#i'                         => 'other',
		);
		foreach ( $map as $pattern => $kind ) {
			if ( preg_match( $pattern, $route ) ) {
				return $kind;
			}
		}
		return null;
	}

	/**
	 * @param array<string,mixed> $faults
	 */
	private static function applies( array $faults, string $kind ): bool {
		$routes = (array) $faults['routes'];
		return in_array( 'all', $routes, true ) || in_array( $kind, $routes, true );
	}

	/**
	 * Counts down "times" atomically (several php -S workers may race): true if this request gets the fault.
	 *
	 * @param array<string,mixed> $faults
	 */
	private static function claim( array $faults ): bool {
		global $wpdb;
		if ( (int) $faults['times'] <= 0 ) {
			return true;
		}
		$claimed = $wpdb->query(
			$wpdb->prepare(
				"UPDATE {$wpdb->options} SET option_value = CAST(option_value AS SIGNED) - 1 WHERE option_name = %s " .
					"AND CAST(option_value AS SIGNED) > 0",
				Control::REMAINING_OPTION
			)
		);
		wp_cache_delete( 'alloptions', 'options' );
		return 1 === (int) $claimed;
	}

	/**
	 * Burns CPU (user + system time of this process) for $ms milliseconds.
	 */
	public static function burn_cpu( int $ms ): void {
		self::burn_cpu_until( self::cpu_ms() + $ms );
	}

	/**
	 * Burns CPU until this process has used $until ms of it (self::cpu_ms()); nothing when it already has.
	 */
	private static function burn_cpu_until( float $until ): void {
		// Never loop forever if getrusage stalls: 20 times the CPU time left, in wall time.
		$wall = microtime( true ) + max( 0.0, $until - self::cpu_ms() ) / 1000.0 * 20;
		$x    = 'cocart';
		while ( self::cpu_ms() < $until && microtime( true ) < $wall ) {
			for ( $i = 0; $i < 500; $i++ ) {
				$x = md5( $x );
			}
		}
	}

	/**
	 * CPU time this process has used, ms.
	 */
	private static function cpu_ms(): float {
		$u = getrusage();
		return ( $u['ru_utime.tv_sec'] + $u['ru_stime.tv_sec'] ) * 1000.0
			+ ( $u['ru_utime.tv_usec'] + $u['ru_stime.tv_usec'] ) / 1000.0;
	}

	/**
	 * rest_authentication_errors at -1000: runs before any authentication result is used.
	 *
	 * @param mixed $error
	 * @return mixed
	 */
	public function before( $error ) {
		$kind = self::route_kind();
		if ( null === $kind ) {
			return $error;
		}
		if ( ! $this->counted ) {
			$this->counted = true;
			Control::count_request( $kind );
		}
		$faults = Control::faults();
		if ( ! self::applies( $faults, $kind ) ) {
			return $error;
		}
		if ( (int) $faults['cost_ms'] > 0 ) {
			self::burn_cpu( (int) $faults['cost_ms'] );
		}
		if ( (int) $faults['latency_ms'] > 0 ) {
			usleep( 1000 * (int) $faults['latency_ms'] );
		}
		$fault = $faults['fault'];
		$share = (float) $faults['share'];
		if (
			null === $fault
			|| ( $share < 1.0 && mt_rand() / mt_getrandmax() >= $share )
			|| ! self::claim( $faults )
		) {
			return $error;
		}
		if ( in_array( $fault, array( 'truncated', 'warnings' ), true ) ) {
			$this->pending = $fault;
			return $error;
		}
		$this->answer_instead( (string) $fault, $faults );
		return $error; // Not reached.
	}

	/**
	 * Answers in place of WordPress (a proxy, the host or PHP itself) and ends the request.
	 *
	 * @param array<string,mixed> $faults
	 */
	private function answer_instead( string $fault, array $faults ): void {
		if ( '500' === $fault ) {
			// A genuine fatal error: WordPress's shutdown handler sends its critical-error page.
			$broken = null;
			$broken->render(); // @phpstan-ignore-line
		}
		if ( ! headers_sent() ) {
			header_remove();
		}
		$retry = max( 0, (int) $faults['retry_after'] );
		switch ( $fault ) {
			case 'hang':
				set_time_limit( 0 );
				ignore_user_abort( false );
				sleep( max( 1, min( 600, (int) $faults['hang_seconds'] ) ) );
				exit;
			case '429':
				status_header( 429 );
				header( 'Retry-After: ' . $retry );
				header( 'Content-Type: text/html; charset=UTF-8' );
				echo "<html>\r\n<head><title>429 Too Many Requests</title></head>\r\n<body>\r\n<center><h1>429 Too " .
					"Many Requests</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";
				exit;
			case '502':
				status_header( 502 );
				header( 'Content-Type: text/html; charset=UTF-8' );
				echo "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad " .
					"Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";
				exit;
			case '503':
				// What WordPress's own maintenance mode (wp_maintenance()) sends.
				status_header( 503 );
				header( 'Retry-After: ' . $retry );
				header( 'Content-Type: text/html; charset=utf-8' );
				echo '<!DOCTYPE html><html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8" ' .
					'/><title>Maintenance</title></head><body><h1>Briefly unavailable for scheduled maintenance. ' .
					'Check back in a minute.</h1></body></html>';
				exit;
			case 'html':
			default:
				status_header( 200 );
				header( 'Content-Type: text/html; charset=UTF-8' );
				echo '<!DOCTYPE html><html lang="en-US"><head><title>Just a moment...</title><meta ' .
					'http-equiv="refresh" content="5"></head><body><div id="challenge"><h1>Checking your browser ' .
					'before accessing the site.</h1><noscript>Please enable JavaScript and cookies to ' .
					'continue.</noscript></div></body></html>';
				exit;
		}
	}

	/**
	 * rest_pre_serve_request: the response-mangling faults.
	 *
	 * @param bool              $served
	 * @param \WP_HTTP_Response $result
	 * @param \WP_REST_Request  $request
	 * @param \WP_REST_Server   $server
	 * @return bool
	 */
	public function serve( $served, $result, $request, $server ) {
		if ( null === $this->pending || $served ) {
			return $served;
		}
		if ( 'warnings' === $this->pending ) {
			// Genuine warnings, shown the way a host with display_errors on shows them (the real list emits
			// "Undefined array key" for carts without customer data).
			ini_set( 'display_errors', '1' ); // phpcs:ignore WordPress.PHP.IniSet.display_errors_Disallowed
			ini_set( 'html_errors', '1' ); // phpcs:ignore WordPress.PHP.IniSet
			$cart_value = array( 'cart' => array() );
			$customer   = $cart_value['customer']; // phpcs:ignore -- the warning is the point.
			$first_name = $customer['first_name'] ?? ''; // phpcs:ignore
			unset( $first_name );
			return $served;
		}
		// truncated: the JSON WordPress would send, cut off half-way.
		$json = (string) wp_json_encode( $server->response_to_data( $result, false ) );
		echo substr( $json, 0, max( 1, intdiv( strlen( $json ), 2 ) ) ); // phpcs:ignore WordPress.Security.EscapeOutput
		return true;
	}

	/**
	 * Called by the list before its SELECT *: above list_oom_above rows the real list exhausts a 128M store's
	 * memory (16.3 MiB + 9.2 KiB a cart, docs/cocart-api.md#measured). Here a genuine out-of-memory fatal,
	 * without the wait.
	 */
	public static function maybe_run_out_of_memory(): void {
		global $wpdb;
		if ( self::serving_in_process() ) {
			// In-process the list is built in the caller's own process, under the caller's own memory limit (which
			// it may have raised), not a 128M store's. The double's list takes about what the real one does there
			// (2,000 carts: 21.9 MB above the caller's usage; the real list of 30,000 peaked at 325 MB).
			return;
		}
		$limit = (int) Control::faults()['list_oom_above'];
		if ( $limit <= 0 ) {
			return;
		}
		$rows = (int) $wpdb->get_var( 'SELECT COUNT(*) FROM ' . Schema::carts_table() );
		if ( $rows <= $limit ) {
			return;
		}
		// What the real list would need, but at least more than the limit (N is configurable, so may be small).
		ini_set( 'memory_limit', '128M' ); // phpcs:ignore WordPress.PHP.IniSet
		$needed = max( (int) ( ( 16.3 * 1024 + 9.2 * $rows ) * 1024 ), 130 * 1024 * 1024 );
		$heap   = str_repeat( 'x', $needed ); // Fatal: Allowed memory size of 134217728 bytes exhausted.
		unset( $heap );
	}
}
